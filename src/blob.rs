//! The index file: a fixed header, then the [`Index`] encoded with postcard.
//!
//! ```text
//! offset  size  field
//!      0     8  magic  b"TAGSIFT\0"
//!      8     2  format version, u16 little-endian (this build: FORMAT_VERSION)
//!     10     4  payload length in bytes, u32 little-endian
//!     14     4  CRC-32 (IEEE) of the payload, u32 little-endian
//!     18     …  payload: postcard encoding of `Index`
//! ```
//!
//! The header is checked before anything is decoded, so a truncated, corrupt or
//! foreign file, or one written by another format version, gets a precise error.
//! Decoding never panics, whatever the bytes.

use crate::index::{Index, InvalidIndex};
use core::fmt;

/// The first eight bytes of every index file.
pub const MAGIC: [u8; 8] = *b"TAGSIFT\0";
/// The format version this build writes and reads. Bump it on any schema change.
pub const FORMAT_VERSION: u16 = 1;
/// Size of the fixed header in bytes.
pub const HEADER_LEN: usize = 18;

/// Why bytes could not be decoded as an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobError {
    /// The bytes do not start with [`MAGIC`].
    NotAnIndex,
    /// The file ends inside the fixed header.
    HeaderTruncated { found: usize },
    /// The file was written by another format version.
    Version { found: u16, expected: u16 },
    /// Fewer (or more) bytes than the header announces.
    Length { announced: u64, found: u64 },
    /// The payload does not match its checksum.
    Checksum { stored: u32, computed: u32 },
    /// The checksum matched but the payload is not a valid index.
    Payload(String),
}

impl fmt::Display for BlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlobError::NotAnIndex => {
                write!(f, "This is not a tagsift index: it does not start with the bytes \"TAGSIFT\\0\".")
            }
            BlobError::HeaderTruncated { found } => write!(
                f,
                "The index is truncated: it ends after {found} bytes, inside the {HEADER_LEN}-byte header."
            ),
            BlobError::Version { found, expected } => write!(
                f,
                "This index has format version {found}, but this tagsift reads format version {expected}. \
                 Rebuild the index with the same tagsift version as the widget."
            ),
            BlobError::Length { announced, found } => write!(
                f,
                "The index is truncated or padded: its header announces {announced} bytes of payload, \
                 but {found} bytes follow the header."
            ),
            BlobError::Checksum { stored, computed } => write!(
                f,
                "The index is corrupt: its checksum is {stored:08x} but its content sums to {computed:08x}."
            ),
            BlobError::Payload(why) => write!(f, "The index could not be decoded: {why}."),
        }
    }
}

impl std::error::Error for BlobError {}

impl From<InvalidIndex> for BlobError {
    fn from(e: InvalidIndex) -> Self {
        BlobError::Payload(e.to_string())
    }
}

/// Encodes `index` with its header. Deterministic: equal indexes give equal bytes.
pub fn encode(index: &Index) -> Vec<u8> {
    let payload = postcard::to_allocvec(index).expect("encoding into a Vec cannot fail");
    let len = u32::try_from(payload.len()).expect("an index payload above 4 GiB is not supported");
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The header fields of an index file, as read before decoding the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub version: u16,
    pub payload_len: u32,
    pub checksum: u32,
}

/// Reads and checks the header: magic, version, length and checksum.
/// Returns the header and the payload bytes.
pub fn check(bytes: &[u8]) -> Result<(Header, &[u8]), BlobError> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err(BlobError::NotAnIndex);
    }
    if bytes.len() < HEADER_LEN {
        return Err(BlobError::HeaderTruncated { found: bytes.len() });
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let header = Header {
        version: u16_at(8),
        payload_len: u32_at(10),
        checksum: u32_at(14),
    };
    if header.version != FORMAT_VERSION {
        return Err(BlobError::Version {
            found: header.version,
            expected: FORMAT_VERSION,
        });
    }
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != u64::from(header.payload_len) {
        return Err(BlobError::Length {
            announced: header.payload_len.into(),
            found: payload.len() as u64,
        });
    }
    let computed = crc32(payload);
    if computed != header.checksum {
        return Err(BlobError::Checksum {
            stored: header.checksum,
            computed,
        });
    }
    Ok((header, payload))
}

/// Checks the header, decodes the payload and validates the index.
pub fn decode(bytes: &[u8]) -> Result<Index, BlobError> {
    let (_, payload) = check(bytes)?;
    let (index, rest) = postcard::take_from_bytes::<Index>(payload)
        .map_err(|e| BlobError::Payload(e.to_string()))?;
    if !rest.is_empty() {
        return Err(BlobError::Payload(format!(
            "{} bytes follow the index",
            rest.len()
        )));
    }
    index.validate()?;
    Ok(index)
}

/// CRC-32 (IEEE 802.3, reflected, as zlib and PNG use it).
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| {
        TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn an_empty_index_round_trips() {
        let bytes = encode(&Index::default());
        assert_eq!(decode(&bytes).unwrap(), Index::default());
    }
}
