//! Input files as text: UTF-8 (with or without a byte-order mark) or UTF-16 with one,
//! never a binary file read as if it were text, never more than a bounded amount of
//! memory for one file. Every refusal names the file, the line and what is wrong.

use super::{ImportError, Location};
use std::io::{BufRead, Read};
use std::path::Path;

/// The largest input file read whole (any format but JSON Lines, which is read a line
/// at a time): a bigger one is refused with its size before anything is read.
pub const MAX_FILE_BYTES: u64 = 256 << 20;
/// The longest line of a JSON Lines file (one article).
pub const MAX_LINE_BYTES: usize = 16 << 20;

fn error(path: &Path, line: usize, message: String) -> ImportError {
    ImportError { at: Location { file: path.into(), line }, message }
}

/// `bytes` as a size people read: `1.5 GB`, `300 MB`, `12 KB`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

fn open(path: &Path) -> Result<(std::fs::File, u64), ImportError> {
    let unreadable = |e: std::io::Error| error(path, 0, format!("the file could not be read: {e}"));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    Ok((file, len))
}

/// Reads `path` whole as text (see [`decode`]); a file above [`MAX_FILE_BYTES`] is
/// refused unread.
pub fn read(path: &Path) -> Result<String, ImportError> {
    let (file, len) = open(path)?;
    if len > MAX_FILE_BYTES {
        return Err(error(
            path,
            0,
            format!(
                "the file is {}, more than the {} tagsift reads in one piece: split it, or give the articles as \
                 JSON Lines in a .jsonl file, which is read a line at a time",
                size(len),
                size(MAX_FILE_BYTES)
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // Never more than the limit, even if the file grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(path, 0, format!("the file could not be read: {e}")))?;
    decode(path, bytes)
}

/// `bytes` of the file `path` as text: UTF-8 (a leading byte-order mark dropped), or
/// UTF-16 when it starts with a UTF-16 byte-order mark. Refused: bytes that are not
/// valid in the encoding, and NUL characters (a binary file, or text saved wrongly).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, ImportError> {
    let text = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => utf16(path, &bytes[2..], u16::from_le_bytes)?,
        Some([0xFE, 0xFF]) => utf16(path, &bytes[2..], u16::from_be_bytes)?,
        _ => {
            // A binary file is named as one, whether or not its bytes happen to be UTF-8.
            if let Some(at) = bytes.iter().position(|&b| b == 0) {
                return Err(nul(path, 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count()));
            }
            let mut text = String::from_utf8(bytes).map_err(|e| {
                let good = e.utf8_error().valid_up_to();
                let line = 1 + e.as_bytes()[..good].iter().filter(|&&b| b == b'\n').count();
                error(path, line, format!("the file is not valid UTF-8 (bad byte at offset {good}): save it as UTF-8"))
            })?;
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            text
        }
    };
    if let Some(at) = text.find('\0') {
        return Err(nul(path, 1 + text[..at].matches('\n').count()));
    }
    Ok(text)
}

fn nul(path: &Path, line: usize) -> ImportError {
    let message = "the file holds a NUL character: it looks like a binary file, not text (or text saved as UTF-16 \
                   without a byte-order mark)";
    error(path, line, message.into())
}

fn utf16(path: &Path, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ImportError> {
    if bytes.len() % 2 == 1 {
        let line = 1 + bytes.chunks(2).filter(|c| c.len() == 2 && unit([c[0], c[1]]) == u16::from(b'\n')).count();
        return Err(error(path, line, "the file is UTF-16 but ends in half a character (is it truncated?)".into()));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(e) => {
                let line = 1 + text.matches('\n').count();
                let message = format!(
                    "the file is not valid UTF-16 (an unpaired surrogate {:#06x} after {} characters)",
                    e.unpaired_surrogate(),
                    text.chars().count()
                );
                return Err(error(path, line, message));
            }
        }
    }
    Ok(text)
}

/// A numbered line (from 1), or why the lines stop there.
pub type Line = Result<(usize, String), ImportError>;

/// The lines of `path`, read one at a time (JSON Lines: memory does not grow with the
/// file), numbered from 1. A UTF-16 file is read whole (within [`MAX_FILE_BYTES`]). A
/// line above [`MAX_LINE_BYTES`], bad UTF-8 or a NUL character ends the reading with
/// an error naming its line.
pub fn lines(path: &Path) -> Result<Box<dyn Iterator<Item = Line>>, ImportError> {
    let (file, _) = open(path)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let start = reader.fill_buf().map_err(|e| error(path, 0, format!("the file could not be read: {e}")))?;
    if matches!(start.get(..2), Some([0xFF, 0xFE] | [0xFE, 0xFF])) {
        let text = read(path)?;
        let owned: Vec<(usize, String)> = text.lines().enumerate().map(|(i, l)| (i + 1, l.to_string())).collect();
        return Ok(Box::new(owned.into_iter().map(Ok)));
    }
    Ok(Box::new(Lines { path: path.to_path_buf(), reader, line: 0, done: false }))
}

/// The lines of a text held in memory, as [`lines`] gives them.
pub fn lines_of(text: &str) -> impl Iterator<Item = Line> + '_ {
    text.lines().enumerate().map(|(i, l)| Ok((i + 1, l.to_string())))
}

struct Lines<R> {
    path: std::path::PathBuf,
    reader: R,
    line: usize,
    done: bool,
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Line;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.line += 1;
        let mut bytes = Vec::new();
        let limit = MAX_LINE_BYTES as u64 + 1;
        let read = (&mut self.reader).take(limit).read_until(b'\n', &mut bytes);
        let fail = |this: &mut Self, message: String| {
            this.done = true;
            Some(Err(error(&this.path, this.line, message)))
        };
        match read {
            Err(e) => return fail(self, format!("the file could not be read: {e}")),
            Ok(0) => {
                self.done = true;
                return None;
            }
            Ok(_) if bytes.len() > MAX_LINE_BYTES => {
                let message = format!(
                    "the line is longer than {}: one JSON Lines article per line, each at most that long",
                    size(MAX_LINE_BYTES as u64)
                );
                return fail(self, message);
            }
            Ok(_) => {}
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
        }
        if self.line == 1 && bytes.starts_with("\u{feff}".as_bytes()) {
            bytes.drain(..3);
        }
        match String::from_utf8(bytes) {
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                fail(self, format!("the line is not valid UTF-8 (bad byte at column {}): save it as UTF-8", at + 1))
            }
            Ok(text) if text.contains('\0') => {
                fail(self, "the line holds a NUL character: it looks like a binary file, not text".into())
            }
            Ok(text) => Some(Ok((self.line, text))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> Result<String, String> {
        decode(Path::new("a.md"), bytes.to_vec()).map_err(|e| e.to_string())
    }

    #[test]
    fn utf8_with_or_without_a_byte_order_mark() {
        assert_eq!(decoded(b"---\ntitle: A\n").unwrap(), "---\ntitle: A\n");
        assert_eq!(decoded(b"\xEF\xBB\xBF---\n").unwrap(), "---\n");
    }

    #[test]
    fn utf16_with_a_byte_order_mark() {
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("t\u{e9}\u{1F600}\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("t\u{e9}\u{1F600}\n".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decoded(&le).unwrap(), "t\u{e9}\u{1F600}\n");
        assert_eq!(decoded(&be).unwrap(), "t\u{e9}\u{1F600}\n");
        let lone: Vec<u8> = [0xFF, 0xFE, b'a', 0, b'\n', 0, 0x00, 0xD8, b'b', 0].to_vec();
        assert_eq!(
            decoded(&lone).unwrap_err(),
            "a.md:2: error: the file is not valid UTF-16 (an unpaired surrogate 0xd800 after 2 characters)"
        );
        assert!(decoded(&[0xFF, 0xFE, b'a']).unwrap_err().contains("ends in half a character"));
    }

    #[test]
    fn binary_and_bad_bytes_name_their_line() {
        assert_eq!(
            decoded(b"one\ntwo\n\xFF").unwrap_err(),
            "a.md:3: error: the file is not valid UTF-8 (bad byte at offset 8): save it as UTF-8"
        );
        assert!(decoded(b"a\nb\0c").unwrap_err().starts_with("a.md:2: error: the file holds a NUL character"));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(1 << 30), "1.0 GiB");
        assert_eq!(size(300 << 20), "300 MiB");
        assert_eq!(size(2048), "2 KiB");
        assert_eq!(size(12), "12 bytes");
    }
}
