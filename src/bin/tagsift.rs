//! `tagsift`: the command-line indexer. A thin layer over `tagsift::import` and `tagsift::blob`.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tagsift::import::{self, ImportError, Location};
use tagsift::{blob, index::Index};

#[derive(Parser)]
#[command(
    name = "tagsift",
    version,
    about = "Build and inspect tagsift search indexes"
)]
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
    /// Print an index file's header and counts, or its articles as JSON Lines.
    Inspect {
        /// The index file.
        blob: PathBuf,
        /// Print every article as one JSON object per line instead.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index { inputs, output } => index(&inputs, &output),
        Command::Inspect { blob, json } => inspect(&blob, json),
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
                    at: Location {
                        file: input.clone(),
                        line: 0,
                    },
                    message: format!("the folder could not be read: {e}"),
                })?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(ImportError {
                    at: Location {
                        file: input.clone(),
                        line: 0,
                    },
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
                message:
                    "the format is not recognised: expected a listing that starts with a heading, \
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
    std::fs::write(output, &bytes)
        .map_err(|e| format!("{}: the index could not be written: {e}", output.display()))?;
    println!(
        "indexed {} articles: {} tags, {} authors, {} categories",
        index.len(),
        index.tags.len(),
        index.authors.len(),
        index.categories.len()
    );
    println!(
        "wrote {}: {} bytes, {} bytes gzip-compressed",
        output.display(),
        bytes.len(),
        gzip_len(&bytes)
    );
    Ok(())
}

fn inspect(path: &Path, json: bool) -> Result<(), String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: the file could not be read: {e}", path.display()))?;
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
