//! Prints what the importer reads from a file: the facts, the report JSON
//! and where each number came from. `cargo run -p xxgk-import --example dump -- FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    if std::env::args().any(|a| a == "--pdf-text") {
        println!("{}", xxgk_import::pdf::extract_text(&bytes).unwrap_or_else(|e| e.to_string()));
    }
    if std::env::args().any(|a| a == "--pdf-lines") {
        for item in xxgk_import::pdf::read_items(&bytes).unwrap_or_default() {
            if let xxgk_import::pdf::layout::Item::Line(l) = item {
                let runs: Vec<String> = l.runs.iter().map(|r| format!("{}@{:.1}-{:.1}", r.text, r.x0, r.x1)).collect();
                println!("p{} y{:.1} {}", l.page, l.y, runs.join(" | "));
            }
        }
    }
    if std::env::args().any(|a| a == "--pdf-items") {
        let items = xxgk_import::pdf::read_items(&bytes).unwrap_or_default();
        for item in xxgk_import::pdf::aligned::align_tables(items, xxgk_import::pdf::aligned::READINGS[0]) {
            println!("{item:?}");
        }
    }
    if std::env::args().any(|a| a == "--pdf-readings") {
        // Which reading of a PDF gives a report: the ruled grids, the positioned text.
        match xxgk_import::pdf::read_items(&bytes) {
            Ok(items) => {
                for reading in xxgk_import::pdf::aligned::READINGS {
                    let aligned = xxgk_import::pdf::aligned::align_tables(items.clone(), reading);
                    let r = xxgk_import::tables::read_report(&xxgk_import::pdf::grid_document(&aligned));
                    println!("{reading:?}: {}", r.map_or_else(|e| e.to_string(), |_| "ok".into()));
                }
                let by_grid = xxgk_import::tables::read_report(&xxgk_import::pdf::grid_document(&items));
                let by_text =
                    xxgk_import::tables::read_report(&xxgk_import::text::parse(&xxgk_import::pdf::plain_text(&items)));
                println!("grid: {}", by_grid.map_or_else(|e| e.to_string(), |_| "ok".into()));
                println!("text: {}", by_text.map_or_else(|e| e.to_string(), |_| "ok".into()));
            }
            Err(e) => println!("unreadable: {e}"),
        }
    }
    if std::env::args().any(|a| a == "--tokens") {
        let text = xxgk_import::decode::decode(&bytes, false);
        let doc = xxgk_import::text::parse(&text);
        let toks = xxgk_import::tokens::tokenize(&doc, 0..doc.blocks.len());
        println!("{}", xxgk_import::tokens::describe(&toks));
    }
    match xxgk_import::import(&bytes, Some(&path)) {
        Ok(imported) => {
            let f = &imported.facts;
            println!("title: {:?}", f.title);
            println!("period: {:?}  signed_on: {:?}", f.stated_period, f.signed_on);
            for (s, text) in &f.sections {
                println!("section {s:?}: {} chars", text.chars().count());
            }
            println!("variants: {:?}", f.label_variants);
            println!("money_in_yuan: {:?}", f.money_in_yuan);
            if std::env::args().any(|a| a == "--json") {
                println!("{}", xxgk_report::json::to_json_pretty(&imported.report));
            } else {
                let r = &imported.report;
                println!("format {} year {} agency {:?} unfilled {}", r.format, r.year, r.agency, r.unfilled.len());
            }
            if std::env::args().any(|a| a == "--sources") {
                for (path, src) in &imported.provenance {
                    println!("{path}\t{src}");
                }
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
