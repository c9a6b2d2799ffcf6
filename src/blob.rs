//! The index file: a fixed header, then the [`Index`] encoded with postcard,
//! stored or compressed with raw DEFLATE (RFC 1951), which browsers inflate natively
//! (`DecompressionStream("deflate-raw")`) and the native side with `miniz_oxide`.
//!
//! ```text
//! offset  size  field
//!      0     8  magic  b"TAGSIFT\0"
//!      8     2  format version, u16 little-endian (this build: FORMAT_VERSION)
//!     10     1  codec: 0 = stored as is, 1 = raw DEFLATE
//!     11     4  stored payload length in bytes, u32 little-endian
//!     15     4  decoded payload length in bytes, u32 little-endian
//!     19     4  CRC-32 (IEEE) of bytes 8..19 and the stored payload, u32 little-endian
//!     23     …  stored payload
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
/// Version 2: DEFLATE replaced the context-mixing codec of version 1.
pub const FORMAT_VERSION: u16 = 3;
/// Size of the fixed header in bytes.
pub const HEADER_LEN: usize = 23;
/// The largest decoded payload accepted (1 GiB).
pub const MAX_PAYLOAD: u32 = 1 << 30;

/// How the payload is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Codec {
    /// The default: compressed. A file that is small on every host (not all compress
    /// `.bin` files), and the browser inflates it at native speed.
    #[default]
    Auto,
    /// As postcard wrote it, for hosts that compress every response.
    Stored,
    /// Raw DEFLATE.
    Deflate,
}

/// The codec byte of a stored payload.
pub const CODEC_STORED: u8 = 0;
/// The codec byte of a raw DEFLATE payload.
pub const CODEC_DEFLATE: u8 = 1;

/// Why bytes could not be decoded as an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobError {
    /// The bytes do not start with [`MAGIC`].
    NotAnIndex,
    /// The file ends inside the fixed header.
    HeaderTruncated { found: usize },
    /// The codec byte names no known codec.
    UnknownCodec(u8),
    /// The decoded length exceeds [`MAX_PAYLOAD`].
    TooLarge(u32),
    /// The file was written by another format version.
    Version { found: u16, expected: u16 },
    /// Fewer (or more) bytes than the header announces.
    Length { announced: u64, found: u64 },
    /// The payload does not match its checksum.
    Checksum { stored: u32, computed: u32 },
    /// The checksum matched but the payload is not a valid index.
    Payload(String),
    /// A tagsift file, but another part than the one expected (see [`part_name`]).
    WrongPart { expected: u8, found: u8 },
    /// A compressed index handed to a decoder that cannot inflate (the browser's
    /// synchronous constructor): it must be inflated first.
    NeedsInflate,
    /// A whole, valid part of a sharded index, but not the one its manifest names (by
    /// content hash): a file of another deployment.
    Mismatch,
}

impl BlobError {
    /// The message, as a sentence a user can act on (built without `core::fmt`, which
    /// the browser build leaves out).
    pub fn message(&self) -> String {
        let n = |v: u64| crate::ascii::digits64(v);
        match self {
            BlobError::NotAnIndex => {
                "This is not a tagsift index: it does not start with the bytes \"TAGSIFT\\0\".".into()
            }
            BlobError::HeaderTruncated { found } => {
                ["The index is truncated: it ends after ", &n(*found as u64), " bytes, inside the 23-byte header."]
                    .concat()
            }
            BlobError::UnknownCodec(c) => {
                ["The index is corrupt: its codec byte is ", &n(u64::from(*c)), ", which no tagsift writes."].concat()
            }
            BlobError::TooLarge(len) => [
                "The index is corrupt: it announces ",
                &n(u64::from(*len)),
                " decoded bytes, more than the 1 GiB limit.",
            ]
            .concat(),
            BlobError::Version { found, expected } => [
                "This index has format version ",
                &n(u64::from(*found)),
                ", but this tagsift reads format version ",
                &n(u64::from(*expected)),
                ". Rebuild the index with the same tagsift version as the widget.",
            ]
            .concat(),
            BlobError::Length { announced, found } => [
                "The index is truncated or padded: its header announces ",
                &n(*announced),
                " bytes of payload, but ",
                &n(*found),
                " bytes follow the header.",
            ]
            .concat(),
            BlobError::Checksum { stored, computed } => [
                "The index is corrupt: its checksum is ",
                &crate::ascii::hex8(*stored),
                " but its content sums to ",
                &crate::ascii::hex8(*computed),
                ".",
            ]
            .concat(),
            BlobError::Payload(why) => ["The index could not be decoded: ", why, "."].concat(),
            BlobError::WrongPart { expected, found } => {
                ["This is ", part_name(*found), ", not ", part_name(*expected), "."].concat()
            }
            BlobError::Mismatch => {
                "This file is not the one the index names: its content does not match the hash in its name \
                 (a file of another deployment)."
                    .into()
            }
            BlobError::NeedsInflate => {
                "This index is compressed: inflate its payload first (see payloadToInflate), or open it with load(url)."
                    .into()
            }
        }
    }
}

impl fmt::Display for BlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// What postcard found wrong, in words (its own messages need `core::fmt`).
pub fn postcard_message(e: postcard::Error) -> String {
    use postcard::Error as E;
    match e {
        E::DeserializeUnexpectedEnd => "the data ends early",
        E::DeserializeBadVarint => "a number is malformed",
        E::DeserializeBadBool => "a yes/no value is malformed",
        E::DeserializeBadChar | E::DeserializeBadUtf8 => "a text is not valid UTF-8",
        E::DeserializeBadOption => "an optional value is malformed",
        E::DeserializeBadEnum => "a choice is malformed",
        E::DeserializeBadEncoding => "the encoding is malformed",
        _ => "the data does not decode",
    }
    .into()
}

impl std::error::Error for BlobError {}

impl From<InvalidIndex> for BlobError {
    fn from(e: InvalidIndex) -> Self {
        BlobError::Payload(e.message())
    }
}

/// Encodes `index` with its header, compressing as [`Codec::Auto`] decides.
/// Deterministic: equal indexes give equal bytes.
#[cfg(not(browser))]
pub fn encode(index: &Index) -> Vec<u8> {
    encode_with(index, Codec::Auto)
}

/// Encodes `index` with its header and the given codec.
#[cfg(not(browser))]
pub fn encode_with(index: &Index, codec: Codec) -> Vec<u8> {
    frame(MAGIC, postcard::to_allocvec(index).expect("encoding into a Vec cannot fail"), codec)
}

/// The part of a tagsift file: the last byte of its magic. A one-file index has 0;
/// the files of a sharded index (see `shard`) have a letter each.
pub const PART_INDEX: u8 = 0;

/// What a part byte names, for messages.
pub fn part_name(part: u8) -> &'static str {
    match part {
        PART_INDEX => "a one-file tagsift index",
        b'M' => "the manifest of a sharded tagsift index",
        b'D' => "a display shard of a sharded tagsift index",
        b'F' => "a filter shard of a sharded tagsift index",
        b'T' => "a tag shard of a sharded tagsift index",
        b'O' => "the title order of a sharded tagsift index",
        b'V' => "a dictionary piece of a sharded tagsift index",
        b'U' => "a reverse dictionary piece of a sharded tagsift index",
        b'X' => "a posting shard of a sharded tagsift index",
        b'R' => "the recent part of a sharded tagsift index",
        _ => "a damaged tagsift file",
    }
}

/// The part byte of a tagsift file, or `None` when the bytes are not one (another last
/// byte of the magic is a damaged file, not a kind of part).
pub fn part_of(bytes: &[u8]) -> Option<u8> {
    let known = |b: u8| matches!(b, PART_INDEX | b'M' | b'D' | b'F' | b'T' | b'O' | b'V' | b'U' | b'X' | b'R');
    (bytes.len() >= MAGIC.len() && bytes[..7] == MAGIC[..7] && known(bytes[7])).then(|| bytes[7])
}

/// Encodes one part of a sharded index: the header of a one-file index with `part`
/// as the magic's last byte, and the payload stored (the host's gzip compresses it,
/// and the browser decodes it at once).
#[cfg(not(browser))]
pub fn encode_part<T: serde::Serialize>(part: u8, value: &T) -> Vec<u8> {
    // The payload is written after room for the header, which is filled in after it.
    let mut out = postcard::to_extend(value, vec![0u8; HEADER_LEN]).expect("encoding into a Vec cannot fail");
    let len = u32::try_from(out.len() - HEADER_LEN).ok().filter(|&n| n <= MAX_PAYLOAD);
    let len = len.expect("a part above 1 GiB is not supported");
    out[..8].copy_from_slice(&MAGIC);
    out[7] = part;
    out[8..10].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    out[10] = CODEC_STORED;
    out[11..15].copy_from_slice(&len.to_le_bytes());
    out[15..19].copy_from_slice(&len.to_le_bytes());
    let crc = crc32_parts(&[&out[8..19], &out[HEADER_LEN..]]);
    out[19..23].copy_from_slice(&crc.to_le_bytes());
    out
}

/// Checks one part of a sharded index, which must be of kind `part` (magic, version,
/// lengths, checksum); returns its payload.
pub fn check_part(bytes: &[u8], part: u8) -> Result<&[u8], BlobError> {
    match part_of(bytes) {
        Some(found) if found != part => return Err(BlobError::WrongPart { expected: part, found }),
        _ => {}
    }
    let mut magic = MAGIC;
    magic[7] = part;
    Ok(check_as(bytes, magic)?.1)
}

/// Checks and decodes one part of a sharded index, which must be of kind `part`.
pub fn decode_part<T: serde::de::DeserializeOwned>(bytes: &[u8], part: u8) -> Result<T, BlobError> {
    let payload = check_part(bytes, part)?;
    let (value, rest) = postcard::take_from_bytes::<T>(payload).map_err(|e| BlobError::Payload(postcard_message(e)))?;
    if !rest.is_empty() {
        let extra = crate::ascii::digits64(rest.len() as u64);
        return Err(BlobError::Payload([&extra, " bytes follow the ", part_name(part)].concat()));
    }
    Ok(value)
}

/// A file of kind `part` around an already encoded payload `raw` (compressed as
/// `codec` decides): what the encoders write, and how the fuzz targets put bytes of
/// their own behind a valid header and checksum so that the decoder itself sees them.
#[cfg(not(browser))]
pub fn seal(part: u8, raw: Vec<u8>, codec: Codec) -> Vec<u8> {
    let mut magic = MAGIC;
    magic[7] = part;
    frame(magic, raw, codec)
}

/// The header and `raw` (compressed as `codec` decides), behind `magic`.
#[cfg(not(browser))]
fn frame(magic: [u8; 8], raw: Vec<u8>, codec: Codec) -> Vec<u8> {
    let raw_len = u32::try_from(raw.len()).ok().filter(|&n| n <= MAX_PAYLOAD);
    let raw_len = raw_len.expect("an index payload above 1 GiB is not supported");
    let (codec_byte, stored) = match codec {
        Codec::Stored => (CODEC_STORED, raw),
        Codec::Auto | Codec::Deflate => (CODEC_DEFLATE, deflate(&raw)),
    };
    let mut out = Vec::with_capacity(HEADER_LEN + stored.len());
    out.extend_from_slice(&magic);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(codec_byte);
    out.extend_from_slice(&(stored.len() as u32).to_le_bytes());
    out.extend_from_slice(&raw_len.to_le_bytes());
    let crc = crc32_parts(&[&out[8..19], &stored]);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&stored);
    out
}

/// The header fields of an index file, as read before decoding the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub version: u16,
    /// [`CODEC_STORED`] or [`CODEC_DEFLATE`].
    pub codec: u8,
    pub stored_len: u32,
    pub payload_len: u32,
    pub checksum: u32,
}

/// Reads and checks the header: magic, version, lengths and checksum.
/// Returns the header and the stored payload bytes.
pub fn check(bytes: &[u8]) -> Result<(Header, &[u8]), BlobError> {
    match part_of(bytes) {
        Some(found) if found != PART_INDEX => Err(BlobError::WrongPart { expected: PART_INDEX, found }),
        _ => check_as(bytes, MAGIC),
    }
}

/// [`check`] for a file that must start with `magic`. Parts are always stored, so
/// their payload is the stored bytes.
fn check_as(bytes: &[u8], magic: [u8; 8]) -> Result<(Header, &[u8]), BlobError> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != magic {
        return Err(BlobError::NotAnIndex);
    }
    if bytes.len() < HEADER_LEN {
        return Err(BlobError::HeaderTruncated { found: bytes.len() });
    }
    let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let header = Header {
        version: u16::from_le_bytes([bytes[8], bytes[9]]),
        codec: bytes[10],
        stored_len: u32_at(11),
        payload_len: u32_at(15),
        checksum: u32_at(19),
    };
    if header.version != FORMAT_VERSION {
        return Err(BlobError::Version { found: header.version, expected: FORMAT_VERSION });
    }
    let stored = &bytes[HEADER_LEN..];
    if stored.len() as u64 != u64::from(header.stored_len) {
        return Err(BlobError::Length { announced: header.stored_len.into(), found: stored.len() as u64 });
    }
    let computed = crc32_parts(&[&bytes[8..19], stored]);
    if computed != header.checksum {
        return Err(BlobError::Checksum { stored: header.checksum, computed });
    }
    match header.codec {
        CODEC_STORED if header.payload_len != header.stored_len => Err(BlobError::Payload(
            [
                "a stored payload of ",
                &crate::ascii::digits(header.stored_len),
                " bytes announces ",
                &crate::ascii::digits(header.payload_len),
                " decoded bytes",
            ]
            .concat(),
        )),
        CODEC_STORED | CODEC_DEFLATE if header.payload_len > MAX_PAYLOAD => {
            Err(BlobError::TooLarge(header.payload_len))
        }
        CODEC_STORED | CODEC_DEFLATE => Ok((header, stored)),
        c => Err(BlobError::UnknownCodec(c)),
    }
}

/// Checks the header, inflates and decodes the payload and validates the index.
/// In the browser a compressed index is inflated by the platform first (see
/// [`decode_payload`]); there this answers [`BlobError::NeedsInflate`] for one.
pub fn decode(bytes: &[u8]) -> Result<Index, BlobError> {
    let (header, stored) = check(bytes)?;
    match header.codec {
        CODEC_DEFLATE => decode_payload(&header, &inflate(stored, header.payload_len)?),
        _ => decode_payload(&header, stored),
    }
}

/// Decodes and validates the payload of a checked file, inflated if it was compressed.
pub fn decode_payload(header: &Header, payload: &[u8]) -> Result<Index, BlobError> {
    if payload.len() as u64 != u64::from(header.payload_len) {
        return Err(BlobError::Payload(
            [
                "the payload inflates to ",
                &crate::ascii::digits64(payload.len() as u64),
                " bytes, but the header announces ",
                &crate::ascii::digits(header.payload_len),
            ]
            .concat(),
        ));
    }
    let (index, rest) =
        postcard::take_from_bytes::<Index>(payload).map_err(|e| BlobError::Payload(postcard_message(e)))?;
    if !rest.is_empty() {
        let extra = crate::ascii::digits64(rest.len() as u64);
        return Err(BlobError::Payload([&extra, " bytes follow the index"].concat()));
    }
    index.validate()?;
    Ok(index)
}

/// Payloads up to this size are compressed as well as `miniz_oxide` can; larger ones
/// (one-file indexes of 100k+ articles, `--split never`) at its fastest level, which
/// halves the build time of 1M articles for files a third larger.
pub const BEST_COMPRESSION_LIMIT: usize = 16 << 20;

/// Raw DEFLATE of `raw`.
#[cfg(not(browser))]
fn deflate(raw: &[u8]) -> Vec<u8> {
    let level = if raw.len() <= BEST_COMPRESSION_LIMIT { 10 } else { 1 };
    miniz_oxide::deflate::compress_to_vec(raw, level)
}

/// Inflates a raw DEFLATE payload announced as `len` bytes. Memory grows with the
/// data, never to the announced size up front, so a lying header costs nothing.
#[cfg(not(browser))]
pub fn inflate(stored: &[u8], len: u32) -> Result<Vec<u8>, BlobError> {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    decompress_to_vec_with_limit(stored, len as usize).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => {
            BlobError::Payload(format!("the payload inflates to more than the {len} bytes its header announces"))
        }
        _ => BlobError::Payload("the compressed payload is damaged".into()),
    })
}

#[cfg(browser)]
pub fn inflate(_stored: &[u8], _len: u32) -> Result<Vec<u8>, BlobError> {
    Err(BlobError::NeedsInflate)
}

/// CRC-32 (IEEE 802.3, reflected, as zlib and PNG use it).
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32_parts(&[bytes])
}

/// CRC-32 of the concatenation of `parts`: natively with the CPU's carry-less multiply
/// (the indexer checksums every byte it writes), in the browser with a table of 1 KB.
#[cfg(not(browser))]
fn crc32_parts(parts: &[&[u8]]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    parts.iter().for_each(|p| h.update(p));
    h.finalize()
}

#[cfg(browser)]
fn crc32_parts(parts: &[&[u8]]) -> u32 {
    crc32_by_table(parts)
}

/// CRC-32 byte by byte from a table (the browser's; natively, a test holds the two equal).
#[cfg_attr(not(any(browser, test)), allow(dead_code))]
fn crc32_by_table(parts: &[&[u8]]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !parts.iter().flat_map(|p| p.iter()).fold(!0u32, |c, &b| TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

#[cfg(all(test, not(browser)))]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for cut in [0, 1, 7, 4096, 9999] {
            let parts = [&bytes[..cut], &bytes[cut..]];
            assert_eq!(crc32_parts(&parts), crc32_by_table(&parts), "cut at {cut}");
        }
    }

    #[test]
    fn a_part_is_its_payload_behind_a_sealed_header() {
        let value = (vec![1u32, 300, 70_000], String::from("Élan"));
        let encoded = encode_part(b'R', &value);
        assert_eq!(encoded, seal(b'R', postcard::to_allocvec(&value).unwrap(), Codec::Stored));
        assert_eq!(decode_part::<(Vec<u32>, String)>(&encoded, b'R').unwrap(), value);
    }

    #[test]
    fn an_empty_index_round_trips_with_every_codec() {
        for codec in [Codec::Auto, Codec::Stored, Codec::Deflate] {
            let bytes = encode_with(&Index::default(), codec);
            assert_eq!(decode(&bytes).unwrap(), Index::default());
        }
    }
}
