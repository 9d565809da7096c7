//! `xxgk internal …`: hidden plumbing between xxgk processes. Only
//! `import-worker`, the confined document reader that `xxgk_isolate::Reader`
//! starts; its flags are `xxgk_isolate::MEMORY_FLAG` and `CPU_FLAG`.

use super::Outcome;

#[derive(Debug, clap::Subcommand)]
pub enum InternalCommand {
    /// Confine this process, read one document from stdin, write the result to stdout.
    ImportWorker(WorkerArgs),
}

#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// Address-space limit in MiB.
    #[arg(long)]
    memory_mib: u64,
    /// CPU-time limit in seconds.
    #[arg(long)]
    cpu_seconds: u64,
}

pub fn run(command: InternalCommand) -> anyhow::Result<Outcome> {
    match command {
        InternalCommand::ImportWorker(args) => {
            // The wall-clock limit is the parent's to enforce.
            let limits = xxgk_isolate::Limits {
                memory_mib: args.memory_mib,
                cpu_seconds: args.cpu_seconds,
                ..Default::default()
            };
            Ok(match xxgk_isolate::run_worker(&limits) {
                0 => Outcome::Clean,
                _ => Outcome::CouldNotRun,
            })
        }
    }
}
