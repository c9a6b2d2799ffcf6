//! `tagsift`: the command-line indexer. A thin layer over `tagsift::import` and `tagsift::blob`.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tagsift::engine::{Engine, Mode, Query, Sort};
use tagsift::import::{self, ImportError, Location};
use tagsift::model::Date;
use tagsift::{blob, index::Index};

#[derive(Parser)]
#[command(name = "tagsift", version, about = "Build and inspect tagsift search indexes")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index articles from listing files (or folders of them) into one index file.
    Index {
        /// Input files or folders (folders are searched for *.txt listings).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write the index.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Run a query against an index file and print the result as JSON
    /// (the same shape as the wasm `search` result).
    Query(QueryArgs),
    /// Generate a synthetic corpus (for benchmarks): JSON Lines and/or an index file.
    Synth {
        /// Number of articles.
        #[arg(long)]
        articles: usize,
        /// Random seed; the same seed gives the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the index here.
        #[arg(long)]
        index: Option<PathBuf>,
        /// Write the articles as JSON Lines here (`-` for standard output).
        #[arg(long)]
        jsonl: Option<PathBuf>,
    },
    /// Print an index file's header and counts, or its articles as JSON Lines.
    Inspect {
        /// The index file.
        blob: PathBuf,
        /// Print every article as one JSON object per line instead.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
struct QueryArgs {
    /// The index file.
    blob: PathBuf,
    /// A tag to filter by (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// How tags combine.
    #[arg(long, value_enum, default_value = "all")]
    mode: ModeArg,
    /// A tag to exclude (repeatable).
    #[arg(long = "not", value_name = "TAG")]
    exclude: Vec<String>,
    /// A category (repeatable, OR).
    #[arg(long = "category", value_name = "CATEGORY")]
    categories: Vec<String>,
    /// An author (repeatable, OR).
    #[arg(long = "author", value_name = "AUTHOR")]
    authors: Vec<String>,
    /// Text query.
    #[arg(short = 'q', long = "text", value_name = "TEXT", default_value = "")]
    text: String,
    /// Earliest date, YYYY-MM-DD, inclusive.
    #[arg(long, value_parser = parse_date)]
    from: Option<Date>,
    /// Latest date, YYYY-MM-DD, inclusive.
    #[arg(long, value_parser = parse_date)]
    to: Option<Date>,
    /// newest, oldest, longest, shortest, most-liked, title or relevance.
    #[arg(long)]
    sort: Option<String>,
    /// 1-based page.
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// Articles per page, 1..=100.
    #[arg(long, default_value_t = 10)]
    per_page: u32,
    /// Values per facet, 1..=10000.
    #[arg(long, default_value_t = 20)]
    facet_limit: u32,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    All,
    Any,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("`{s}` is not a date like 2026-04-03"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index { inputs, output } => index(&inputs, &output),
        Command::Inspect { blob, json } => inspect(&blob, json),
        Command::Query(args) => query(args),
        Command::Synth { articles, seed, index, jsonl } => synth(articles, seed, index, jsonl),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tagsift: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Expands folders into the listing files inside them, sorted by path.
fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| ImportError {
                    at: Location { file: input.clone(), line: 0 },
                    message: format!("the folder could not be read: {e}"),
                })?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(ImportError {
                    at: Location { file: input.clone(), line: 0 },
                    message: "the folder holds no .txt listing file".into(),
                });
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn index(inputs: &[PathBuf], output: &Path) -> Result<(), String> {
    let files = collect_inputs(inputs).map_err(|e| e.to_string())?;
    let mut texts = Vec::with_capacity(files.len());
    for file in files {
        let text = import::read_text(&file).map_err(|e| e.to_string())?;
        if !import::seed_listing::looks_like_listing(&text) {
            return Err(ImportError {
                at: Location { file, line: 1 },
                message: "the format is not recognised: expected a listing that starts with a heading, \
                          `N articles` and `Page X of Y`"
                    .into(),
            }
            .to_string());
        }
        texts.push((file, text));
    }
    let imported = import::seed_listing::import(&texts).map_err(|e| e.to_string())?;
    for notice in &imported.notices {
        eprintln!("{notice}");
    }
    let count = imported.articles.len();
    let index = Index::build(imported.articles);
    assert_eq!(index.len(), count, "every article in is an article out");
    let bytes = blob::encode(&index);
    std::fs::write(output, &bytes).map_err(|e| format!("{}: the index could not be written: {e}", output.display()))?;
    println!(
        "indexed {} articles: {} tags, {} authors, {} categories",
        index.len(),
        index.tags.len(),
        index.authors.len(),
        index.categories.len()
    );
    println!("wrote {}: {} bytes, {} bytes gzip-compressed", output.display(), bytes.len(), gzip_len(&bytes));
    Ok(())
}

fn read_index(path: &Path) -> Result<Index, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: the file could not be read: {e}", path.display()))?;
    blob::decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn query(args: QueryArgs) -> Result<(), String> {
    let sort = args.sort.as_deref().map(str::parse::<Sort>).transpose().map_err(|e| e.to_string())?;
    let query = Query {
        tags: args.tags,
        mode: match args.mode {
            ModeArg::All => Mode::All,
            ModeArg::Any => Mode::Any,
        },
        exclude: args.exclude,
        categories: args.categories,
        authors: args.authors,
        from: args.from,
        to: args.to,
        text: args.text,
        sort,
        page: args.page,
        per_page: args.per_page,
        facet_limit: args.facet_limit,
    };
    let engine = Engine::new(read_index(&args.blob)?);
    let result = engine.search(&query).map_err(|e| e.to_string())?;
    println!("{}", serde_json::to_string_pretty(&result).expect("results serialise"));
    Ok(())
}

fn synth(n: usize, seed: u64, index: Option<PathBuf>, jsonl: Option<PathBuf>) -> Result<(), String> {
    if index.is_none() && jsonl.is_none() {
        return Err("synth needs --index FILE and/or --jsonl FILE".into());
    }
    let articles = tagsift::synth::articles(n, seed);
    if let Some(path) = &jsonl {
        let mut text = String::new();
        for a in &articles {
            text.push_str(&serde_json::to_string(a).expect("articles serialise"));
            text.push('\n');
        }
        if path.as_os_str() == "-" {
            std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        } else {
            std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    if let Some(path) = &index {
        let started = std::time::Instant::now();
        let index = Index::build(articles);
        let bytes = blob::encode(&index);
        std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!(
            "wrote {}: {} articles, {} tags, {} bytes, built in {:.2?}",
            path.display(),
            index.len(),
            index.tags.len(),
            bytes.len(),
            started.elapsed()
        );
    }
    Ok(())
}

fn inspect(path: &Path, json: bool) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: the file could not be read: {e}", path.display()))?;
    let (header, _) = blob::check(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let index = blob::decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = std::io::stdout().lock();
    let result = if json {
        (0..index.len() as u32).try_for_each(|pos| {
            let line = serde_json::to_string(&index.article(pos)).expect("articles serialise");
            writeln!(out, "{line}")
        })
    } else {
        writeln!(
            out,
            "{}\nformat version {}\npayload {} bytes, {}, CRC-32 {:08x}\nfile {} bytes, {} bytes gzip-compressed",
            path.display(),
            header.version,
            header.payload_len,
            match header.codec {
                1 => format!("compressed to {} bytes", header.stored_len),
                _ => "stored as is".to_string(),
            },
            header.checksum,
            bytes.len(),
            gzip_len(&bytes)
        )
        .and_then(|()| index.counts().iter().try_for_each(|(name, n)| writeln!(out, "{name} {n}")))
        .and_then(|()| {
            let articles: Vec<_> = (0..index.len() as u32).map(|pos| index.article(pos)).collect();
            let json = serde_json::to_vec(&articles).expect("articles serialise");
            let (blob_gz, json_gz) = (gzip_len(&bytes), gzip_len(&json));
            writeln!(
                out,
                "the same articles as minified JSON: {} bytes, {json_gz} bytes gzip-compressed \
                 (index/JSON gzip ratio {:.2})",
                json.len(),
                blob_gz as f64 / json_gz as f64
            )
        })
    };
    match result {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| format!("output could not be written: {e}")),
    }
}

/// Size after `gzip -9`, as a static host would serve it.
fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len()
}
