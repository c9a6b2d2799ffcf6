//! Writing an index to disk: one file, or a manifest with its shards beside it, and what
//! was written, left as it was, and removed.

use std::io::Write;
use std::path::{Path, PathBuf};
use tagsift::blob::{self, Codec};
use tagsift::index::Index;
use tagsift::shard;

/// How an index is split.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Split {
    Auto,
    Always,
    Never,
}

/// A one-file index whose payload is larger than this is split into shards by
/// `--split auto` (the seed's is 41 KB; 1,000 synthetic articles make about 250 KB).
const SPLIT_ABOVE: usize = 256 << 10;

/// One file of an index on disk.
pub struct File {
    /// Its name in the output's folder.
    pub name: String,
    pub bytes: usize,
    pub gzip: usize,
}

/// What writing an index did.
pub struct Written {
    /// The index file itself (the manifest of a sharded index).
    pub index: PathBuf,
    pub sharded: bool,
    /// Files written because they are new or changed, the index file last.
    pub written: Vec<File>,
    /// Files already there with these very bytes (shard names are content hashes).
    pub unchanged: usize,
    /// Shards of an earlier build that this one no longer names.
    pub removed: Vec<String>,
    /// The index file and every shard: the whole index.
    pub files: usize,
    pub total_bytes: usize,
    /// How a sharded index's slots were laid out: over the earlier build's, or afresh (why).
    pub layout: Option<String>,
}

impl Written {
    /// The human line: `wrote index.bin (manifest, 109021 bytes, …) and 2073 shards …`.
    pub fn describe(&self) -> String {
        let index = self.written.last().expect("the index file is always written");
        if !self.sharded {
            return format!(
                "wrote {}: {} bytes, {} bytes gzip-compressed",
                self.index.display(),
                index.bytes,
                index.gzip
            );
        }
        let changed: usize = self.written.iter().map(|f| f.bytes).sum();
        format!(
            "wrote {} (manifest, {} bytes, {} gzip-compressed) and {} shards beside it ({} bytes): {} new or \
             changed ({} bytes with the manifest), {} unchanged, {} removed; {}",
            self.index.display(),
            index.bytes,
            index.gzip,
            self.files - 1,
            self.total_bytes - index.bytes,
            self.written.len() - 1,
            changed,
            self.unchanged,
            self.removed.len(),
            self.layout.as_deref().unwrap_or_default()
        )
    }
}

/// Writes `bytes` to `path` so that `path` is, at every moment, either its old file or
/// the whole new one: written beside it under a hidden name, then renamed over it. A
/// build killed half-way leaves at most a hidden `.partial` file, removed by the next.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}{PARTIAL}"));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
}

/// The suffix of files being written (see [`write_whole`]).
const PARTIAL: &str = ".partial";

/// Writes `index` to `output` as one file, or as a manifest with its shards beside it.
/// Every file is written whole or not at all (see [`write_whole`]): new shards first,
/// then the manifest (so that it never names a shard not yet there), then the removal
/// of the shards of an earlier build that it no longer names. Killed at any moment, it
/// leaves the old index or the new one, each with all its shards.
pub fn write_index(index: &Index, output: &Path, split: Split, codec: Codec) -> Result<Written, String> {
    let failed = |e: std::io::Error| format!("{}: the index could not be written: {e}", output.display());
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = output.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    remove_partial_files(dir).map_err(failed)?;
    let payload = postcard::experimental::serialized_size(index).unwrap_or(usize::MAX);
    let sharded = match split {
        Split::Always => true,
        Split::Never => false,
        Split::Auto => payload > SPLIT_ABOVE,
    };
    if !sharded {
        let bytes = blob::encode_with(index, codec);
        let unchanged = std::fs::read(output).is_ok_and(|old| old == bytes);
        if !unchanged {
            write_whole(output, &bytes).map_err(failed)?;
        }
        let file = File { name, bytes: bytes.len(), gzip: gzip_len(&bytes) };
        return Ok(Written {
            index: output.to_path_buf(),
            sharded: false,
            total_bytes: file.bytes,
            written: vec![file],
            unchanged: usize::from(unchanged),
            removed: Vec::new(),
            files: 1,
            layout: None,
        });
    }
    // A sharded index already in the folder: its slots are kept where they can be.
    let before = std::fs::read(output).ok().filter(|b| blob::part_of(b) == Some(shard::PART_MANIFEST));
    // Each batch of shards is written as it is encoded (on every core): a file already
    // there under its name holds these very bytes (names are content hashes).
    let written = std::sync::Mutex::new(Vec::new());
    let sink = |batch: Vec<(String, Vec<u8>)>| {
        let wrote = tagsift::parallel::map(&batch, |(name, data)| {
            let path = dir.join(name);
            if std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == data.len() as u64) {
                return Ok(None);
            }
            write_whole(&path, data).map(|()| Some(File { name: name.clone(), bytes: data.len(), gzip: 0 }))
        });
        let mut written = written.lock().expect("no thread panicked holding it");
        for file in wrote {
            written.extend(file.map_err(failed)?);
        }
        Ok(())
    };
    let files =
        shard::build::rebuild_into(index, &shard::build::Layout::for_slots, before.as_deref(), &mut Dir(dir), &sink)?;
    let mut written = written.into_inner().expect("no thread panicked holding it");
    let mut total_bytes = files.manifest.len();
    for name in &files.names {
        match std::fs::metadata(dir.join(name)) {
            Ok(m) => total_bytes += m.len() as usize,
            Err(_) => return Err(format!("{}: the earlier build's file {name} vanished", dir.display())),
        }
    }
    let unchanged = files.names.len() - written.len();
    write_whole(output, &files.manifest).map_err(failed)?;
    written.push(File { name, bytes: files.manifest.len(), gzip: gzip_len(&files.manifest) });
    let keep: std::collections::HashSet<&str> = files.names.iter().map(String::as_str).collect();
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(failed)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if shard::Part::of_file_name(&name).is_some() && !keep.contains(name.as_str()) {
            std::fs::remove_file(entry.path()).map_err(failed)?;
            removed.push(name);
        }
    }
    removed.sort();
    Ok(Written {
        index: output.to_path_buf(),
        sharded: true,
        written,
        unchanged,
        removed,
        files: files.names.len() + 1,
        total_bytes,
        layout: Some(match &files.fresh {
            None => format!(
                "{} articles kept their slots, {} took new ones ({} slots dead, rewritten afresh past {})",
                files.kept,
                files.added,
                files.dead,
                shard::plan::MAX_DEAD
            ),
            Some(why) => format!("laid out afresh: {}", why.message()),
        }),
    })
}

/// The output's folder, where an earlier build's files are.
struct Dir<'a>(&'a Path);

impl shard::plan::Folder for Dir<'_> {
    fn read(&mut self, name: &str) -> Option<Vec<u8>> {
        std::fs::read(self.0.join(name)).ok()
    }
}

/// Removes what a killed build left half-written in `dir` (hidden `.partial` files).
fn remove_partial_files(dir: &Path) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(PARTIAL) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Size after `gzip -9`, as a static host would serve it.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len()
}
