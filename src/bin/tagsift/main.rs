//! `tagsift`: the command-line indexer. A thin layer over `tagsift::import` and `tagsift::blob`;
//! the same binary, built for WASI, is `npx tagsift`.

mod report;
mod write;

#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use report::{MessageFormat, Reporter};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tagsift::blob::Codec;
use tagsift::engine::{Mode, Pages, Query, Sort};
use tagsift::import::config::{Config, TagCase};
use tagsift::import::run::{run, Format, Options};
use tagsift::model::Date;
use tagsift::source::{self, Source};
use tagsift::{blob, index::Index, shard};
use write::{write_index, Split as SplitArg};

#[derive(Parser)]
#[command(name = "tagsift", version, about = "Build and inspect tagsift search indexes")]
struct Cli {
    /// How messages are written: sentences (human), or one JSON object per line on
    /// standard output (json), for build integrations.
    #[arg(long, value_enum, global = true, default_value = "human")]
    message_format: MessageFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index articles into one index file: listings, JSON, JSON Lines, Markdown with
    /// front matter (folders are walked), RSS and Atom.
    Index(IndexArgs),
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
        /// One file or shards, as for `tagsift index`.
        #[arg(long, value_enum, default_value = "auto")]
        split: SplitArg,
        /// Write the articles as JSON Lines here (`-` for standard output).
        #[arg(long)]
        jsonl: Option<PathBuf>,
        /// Write one Markdown file with YAML front matter per article into this folder.
        #[arg(long)]
        markdown: Option<PathBuf>,
    },
    /// Write an index's first view (the empty query's stats, facets, first page of
    /// cards and pages) into the widget element of HTML pages, replacing what an
    /// earlier run wrote there and leaving the rest of each page as it is.
    Prerender {
        /// The index file (one file, or a sharded index's manifest).
        blob: PathBuf,
        /// Pages to write into: `page.html`, or `page.html#ID` for the element with that id.
        #[arg(required = true, value_name = "PAGE")]
        pages: Vec<String>,
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
struct IndexArgs {
    /// Input files or folders.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the index.
    #[arg(short, long)]
    output: PathBuf,
    /// Read every input as this format: listing, json, jsonl, markdown or feed.
    #[arg(long)]
    format: Option<String>,
    /// Configuration file (default: ./tagsift.toml when it exists).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Prefix for URLs made from file paths (overrides the configuration).
    #[arg(long)]
    base_url: Option<String>,
    /// Read a field under another name, as FIELD=NAME (e.g. tags=keywords; repeatable).
    #[arg(long = "field", value_name = "FIELD=NAME")]
    fields: Vec<String>,
    /// The field whose first value becomes the category (e.g. categories, section).
    #[arg(long)]
    category_from: Option<String>,
    /// Tag case (overrides the configuration).
    #[arg(long, value_enum)]
    tag_case: Option<TagCaseArg>,
    /// Tag alias, as ALIAS=TAG (e.g. golang=Go; repeatable).
    #[arg(long = "alias", value_name = "ALIAS=TAG")]
    aliases: Vec<String>,
    /// Leave out paths matching this glob, relative to the input folder (repeatable).
    #[arg(long = "exclude", value_name = "GLOB")]
    excludes: Vec<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// How a one-file index's payload is stored: compressed with DEFLATE (auto, deflate),
    /// which the browser inflates natively, or stored for hosts that compress every file.
    #[arg(long, value_enum, default_value = "auto")]
    codec: CodecArg,
    /// One file, or a manifest (the output file) with shards beside it: by size (auto),
    /// always, or never. Give a sharded index a directory of its own.
    #[arg(long, value_enum, default_value = "auto")]
    split: SplitArg,
    /// Print how long each step took (reading, building, writing).
    #[arg(long)]
    timings: bool,
    /// List every page of a built site that was skipped as not an article, with why
    /// (otherwise they are counted in the summary).
    #[arg(long)]
    list_skipped: bool,
    /// Also write the first view into these pages (see `tagsift prerender`; repeatable):
    /// `page.html`, or `page.html#ID` for the element with that id.
    #[arg(long = "prerender", value_name = "PAGE")]
    prerender: Vec<String>,
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
    /// Report on standard error which files of a sharded index the query read, in the
    /// batches a browser would fetch them (one round trip each), with their sizes.
    #[arg(long)]
    fetches: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CodecArg {
    Auto,
    #[value(alias = "compressed")]
    Deflate,
    Stored,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TagCaseArg {
    Preserve,
    Lower,
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
    // Under WASI (`npx tagsift`) the host's working directory arrives as an
    // environment variable: relative paths are relative to it, as they are natively.
    #[cfg(target_os = "wasi")]
    if let Ok(cwd) = std::env::var("TAGSIFT_CWD") {
        let _ = std::env::set_current_dir(cwd);
    }
    let cli = Cli::parse();
    let out = Reporter { format: cli.message_format };
    let result = match cli.command {
        Command::Index(args) => index(args, &out),
        Command::Inspect { blob, json } => inspect(&blob, json),
        Command::Query(args) => query(args),
        Command::Prerender { blob, pages } => prerender(&blob, &pages, &out),
        Command::Synth { articles, seed, index, split, jsonl, markdown } => {
            synth(articles, seed, index.map(|i| (i, split)), jsonl, markdown)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            out.fatal(&message);
            ExitCode::FAILURE
        }
    }
}

/// The configuration: the file (given, or ./tagsift.toml), then the flags over it.
fn config(args: &IndexArgs) -> Result<Config, String> {
    let default = Path::new("tagsift.toml");
    let path = args.config.clone().or_else(|| default.exists().then(|| default.to_path_buf()));
    let mut c = match &path {
        Some(p) => Config::load(p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    if let Some(b) = &args.base_url {
        c.base_url = Some(b.trim_end_matches('/').to_string());
    }
    if let Some(f) = &args.category_from {
        c.category_field = Some(f.clone());
    }
    match args.tag_case {
        None => {}
        Some(TagCaseArg::Preserve) => c.tag_case = TagCase::Preserve,
        Some(TagCaseArg::Lower) => c.tag_case = TagCase::Lower,
    }
    let pair = |s: &str, flag: &str| {
        s.split_once('=')
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            .ok_or_else(|| format!("{flag} takes A=B, not `{s}`"))
    };
    for f in &args.fields {
        let (field, name) = pair(f, "--field")?;
        let slot = match field.as_str() {
            "title" => &mut c.fields.title,
            "url" => &mut c.fields.url,
            "author" => &mut c.fields.author,
            "date" => &mut c.fields.date,
            "summary" => &mut c.fields.summary,
            "tags" => &mut c.fields.tags,
            "likes" => &mut c.fields.likes,
            "read_minutes" => &mut c.fields.read_minutes,
            "draft" => &mut c.fields.draft,
            other => return Err(format!("--field: unknown field `{other}`")),
        };
        *slot = Some(name);
    }
    for a in &args.aliases {
        c.aliases.push(pair(a, "--alias")?);
    }
    c.exclude.extend(args.excludes.iter().cloned());
    Ok(c)
}

fn index(args: IndexArgs, out: &Reporter) -> Result<(), String> {
    let codec = match args.codec {
        CodecArg::Auto => Codec::Auto,
        CodecArg::Deflate => Codec::Deflate,
        CodecArg::Stored => Codec::Stored,
    };
    let format = args.format.as_deref().map(str::parse::<Format>).transpose()?;
    let options = Options { format, config: config(&args)?, strict: args.strict };
    let started = std::time::Instant::now();
    let report = {
        let mut progress = Progress::new(started, out);
        run(&args.inputs, &options, &mut |done, total| progress.update(done, total))
    };
    out.import(&report, args.list_skipped);
    if !report.errors.is_empty() {
        return Err(format!(
            "{} not written: fix the {} above (every article must be indexed or explained)",
            args.output.display(),
            if report.errors.len() == 1 { "error" } else { "errors" }
        ));
    }
    let timings = Timings { on: args.timings, out };
    timings.step("read and parsed the inputs", started);
    let count = report.articles.len();
    let built = std::time::Instant::now();
    let index = Index::build(report.articles);
    timings.step("built the index", built);
    assert_eq!(index.len(), count, "every article in is an article out");
    out.indexed(&index);
    let written = std::time::Instant::now();
    out.written(&write_index(&index, &args.output, args.split, codec)?);
    timings.step("encoded and wrote the files", written);
    drop(index);
    if !args.prerender.is_empty() {
        prerender(&args.output, &args.prerender, out)?;
    }
    Ok(())
}

/// Writes the first view of the index at `blob` into each of `pages`.
fn prerender(blob: &Path, pages: &[String], out: &Reporter) -> Result<(), String> {
    let mut source = Answerer::open(blob)?;
    for page in pages {
        let target = tagsift::prerender::Target::parse(page);
        let done = tagsift::prerender::prerender(&target, &mut |q| {
            let mut result = source.answer(q)?;
            let hits = std::mem::take(&mut result.hits);
            Ok((result, hits))
        })
        .map_err(|e| e.to_string())?;
        for warning in &done.warnings {
            out.warning(warning);
        }
        out.prerendered(&target.path, done.changed);
    }
    Ok(())
}

/// What [`Answerer::answer_tracing`] hands each batch of files to: names and bytes.
type Batch<'a> = dyn FnMut(&[(String, Vec<u8>)]) + 'a;

/// An index file opened for queries: one file, or a sharded index whose shards are
/// read from beside the manifest as queries ask for them.
struct Answerer {
    dir: PathBuf,
    source: Source,
}

impl Answerer {
    fn open(path: &Path) -> Result<Answerer, String> {
        let bytes = read_file(path)?;
        let source = Source::open(&bytes, None).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Answerer { dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(), source })
    }

    fn answer(&mut self, query: &Query) -> Result<tagsift::engine::SearchResult, String> {
        self.answer_tracing(query, &mut |_| {})
    }

    /// [`Answerer::answer`], handing each batch of files read (one round trip in a
    /// browser) to `batch` with their bytes.
    fn answer_tracing(&mut self, query: &Query, batch: &mut Batch) -> Result<tagsift::engine::SearchResult, String> {
        let dir = &self.dir;
        source::answer(&mut self.source, query, Pages::One, &mut |names| {
            let files = names
                .iter()
                .map(|name| {
                    let path = dir.join(name);
                    let bytes = std::fs::read(&path)
                        .map_err(|e| format!("{}: the shard could not be read: {e}", path.display()))?;
                    Ok((name.clone(), bytes))
                })
                .collect::<Result<Vec<_>, String>>()?;
            batch(&files);
            Ok(files.into_iter().map(|(_, bytes)| bytes).collect())
        })
    }
}

/// `--timings`: how long each step took.
struct Timings<'a> {
    on: bool,
    out: &'a Reporter,
}

impl Timings<'_> {
    fn step(&self, what: &str, since: std::time::Instant) {
        if self.on {
            // The high-water mark of the resident set, in kB.
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(str::trim);
            let peak_mb = peak.and_then(|p| p.trim_end_matches(" kB").parse::<f64>().ok()).map(|kb| kb / 1024.0);
            self.out.timing(what, since.elapsed().as_secs_f64(), peak_mb);
        }
    }
}

/// A progress bar on a terminal once a run takes over a second; plain lines (at most
/// one every 5 seconds) when standard error is not a terminal.
struct Progress<'a> {
    started: std::time::Instant,
    bar: Option<indicatif::ProgressBar>,
    last_line: std::time::Instant,
    out: &'a Reporter,
}

impl<'a> Progress<'a> {
    fn new(started: std::time::Instant, out: &'a Reporter) -> Progress<'a> {
        Progress { started, bar: None, last_line: started, out }
    }

    fn update(&mut self, done: usize, total: usize) {
        use std::io::IsTerminal;
        if self.started.elapsed().as_secs_f32() < 1.0 {
            return;
        }
        if std::io::stderr().is_terminal() && self.out.format == MessageFormat::Human {
            let bar = self.bar.get_or_insert_with(|| {
                let bar = indicatif::ProgressBar::new(total as u64);
                bar.set_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed_precise} eta {eta}")
                        .expect("a valid template"),
                );
                bar
            });
            bar.set_position(done as u64);
            if done == total {
                bar.finish_and_clear();
            }
        } else if self.last_line.elapsed().as_secs() >= 5 || done == total {
            self.last_line = std::time::Instant::now();
            self.out.progress(done, total);
        }
    }
}

/// An index file's bytes; errors name the file.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: the file could not be read: {e}", path.display()))
}

/// The one-file index in `bytes`, read from `path`; errors name the file.
fn decode_index(path: &Path, bytes: &[u8]) -> Result<Index, String> {
    blob::decode(bytes).map_err(|e| format!("{}: {e}", path.display()))
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
        facet_search: Default::default(),
    };
    let mut rounds: Vec<Vec<(String, usize, usize)>> = Vec::new();
    let result = Answerer::open(&args.blob)?.answer_tracing(&query, &mut |files| {
        rounds.push(files.iter().map(|(name, bytes)| (name.clone(), bytes.len(), write::gzip_len(bytes))).collect())
    })?;
    if args.fetches {
        let (mut files, mut raw, mut gzip) = (0, 0, 0);
        for (i, round) in rounds.iter().enumerate() {
            let names: Vec<&str> = round.iter().map(|(name, _, _)| name.as_str()).collect();
            let (r, g) = round.iter().fold((0, 0), |(r, g), (_, a, b)| (r + a, g + b));
            eprintln!(
                "round trip {}: {} files, {r} bytes, {g} gzip-compressed: {}",
                i + 1,
                round.len(),
                names.join(" ")
            );
            (files, raw, gzip) = (files + round.len(), raw + r, gzip + g);
        }
        eprintln!("fetched {files} files in {} round trips: {raw} bytes, {gzip} gzip-compressed", rounds.len());
    }
    println!("{}", serde_json::to_string_pretty(&result).expect("results serialise"));
    Ok(())
}

fn synth(
    n: usize,
    seed: u64,
    index: Option<(PathBuf, SplitArg)>,
    jsonl: Option<PathBuf>,
    markdown: Option<PathBuf>,
) -> Result<(), String> {
    if index.is_none() && jsonl.is_none() && markdown.is_none() {
        return Err("synth needs --index FILE, --jsonl FILE and/or --markdown DIR".into());
    }
    let articles = tagsift::synth::articles(n, seed);
    if let Some(dir) = &markdown {
        for (i, a) in articles.iter().enumerate() {
            // A hundred files per folder, as large sites shard their content.
            let folder = dir.join(format!("{:04}", i / 100));
            if i % 100 == 0 {
                std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
            }
            let front = serde_json::json!({
                "title": a.title, "date": a.date.map(|d| d.to_string()), "author": a.author,
                "categories": [a.category], "tags": a.tags, "likes": a.likes,
            });
            let yaml = serde_yaml_ng::to_string(&front).expect("articles serialise");
            let text = format!("---\n{yaml}---\n\n{}\n\nMore of the body.\n", a.summary);
            let path = folder.join(format!("{i:07}.md"));
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
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
    if let Some((path, split)) = &index {
        let started = std::time::Instant::now();
        let index = Index::build(articles);
        let wrote = write_index(&index, path, *split, Codec::Auto)?.describe();
        eprintln!("{wrote}: {} articles, {} tags, built in {:.2?}", index.len(), index.tags.len(), started.elapsed());
    }
    Ok(())
}

fn inspect(path: &Path, json: bool) -> Result<(), String> {
    let bytes = read_file(path)?;
    if blob::part_of(&bytes) == Some(shard::PART_MANIFEST) && !json {
        let reader = shard::reader::Sharded::open(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        let m = reader.manifest();
        println!(
            "{}\nsharded index manifest: {} bytes, {} bytes gzip-compressed\narticles {}\ntags {}\nauthors {}\ncategories {}\n\
             slots {} ({} older, {} recent; {} dead, {} placed)\n\
             display shards {} ({} slots each)\nfilter shards {} ({} slots each)\ntag shards {}\n\
             words {}: dictionary pieces {}, reverse dictionary pieces {}, posting shards {}\n\
             single parts 2 (title order; the recent part)\nfiles {} (the manifest and its shards)",
            path.display(),
            bytes.len(),
            write::gzip_len(&bytes),
            m.articles,
            m.tags.len(),
            m.authors.len(),
            m.categories.len(),
            m.slots,
            m.tail,
            m.slots - m.tail,
            m.dead.len(),
            m.placed.len(),
            m.display.len(),
            m.display_size,
            m.filters.len(),
            m.filter_size,
            m.tag_shards.len(),
            m.words.count,
            m.words.dictionary.len(),
            m.words.reverse.len(),
            m.words.postings.len(),
            m.parts().count() + 1,
        );
        return Ok(());
    }
    let index = decode_index(path, &bytes)?;
    let (header, _) = blob::check(&bytes).expect("decode checked the header");
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
            write::gzip_len(&bytes)
        )
        .and_then(|()| index.counts().iter().try_for_each(|(name, n)| writeln!(out, "{name} {n}")))
        .and_then(|()| {
            let articles: Vec<_> = (0..index.len() as u32).map(|pos| index.article(pos)).collect();
            let json = serde_json::to_vec(&articles).expect("articles serialise");
            let (blob_gz, json_gz) = (write::gzip_len(&bytes), write::gzip_len(&json));
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
