//! Imports one file many times (for profiling): `repeat FILE [N]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: repeat FILE [N]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("{path}: unreadable");
        std::process::exit(2);
    };
    let phase = std::env::var("PHASE").unwrap_or_default();
    let start = std::time::Instant::now();
    let ok = (0..n)
        .filter(|_| match phase.as_str() {
            "decode" => !xxgk_import::decode::decode(&bytes, true).is_empty(),
            "html" => !xxgk_import::html::parse(&xxgk_import::decode::decode(&bytes, true)).blocks.is_empty(),
            _ => xxgk_import::import(&bytes, None).is_ok(),
        })
        .count();
    let took = start.elapsed();
    println!("{ok}/{n} ok, {:.1} µs per import", took.as_secs_f64() * 1e6 / n as f64);
}
