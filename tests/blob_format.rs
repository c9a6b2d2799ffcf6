//! The index file format: round trips, determinism, the committed golden file, and
//! errors (never panics) for every kind of damage.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

use proptest::prelude::*;
use std::path::Path;
use tagsift::blob::{self, BlobError, Codec, FORMAT_VERSION, HEADER_LEN};
use tagsift::import::seed_listing::import_file;
use tagsift::index::Index;

const GOLDEN: &str = "tests/golden/seed-v3.bin";

fn seed_index() -> Index {
    Index::build(import_file(Path::new("seeds/000_3d6b433167b901e1.txt")).unwrap().articles)
}

#[test]
fn round_trip_is_equal_with_every_codec() {
    let index = seed_index();
    for codec in [Codec::Auto, Codec::Stored, Codec::Deflate] {
        assert_eq!(blob::decode(&blob::encode_with(&index, codec)).unwrap(), index, "{codec:?}");
    }
}

#[test]
fn the_same_articles_in_any_order_give_the_same_bytes() {
    let mut articles = import_file(Path::new("seeds/000_3d6b433167b901e1.txt")).unwrap().articles;
    let first = blob::encode(&Index::build(articles.clone()));
    articles.reverse();
    articles.rotate_left(17);
    assert_eq!(blob::encode(&Index::build(articles)), first);
}

#[test]
fn the_golden_file_decodes_and_re_encodes_to_the_same_bytes() {
    let golden = std::fs::read(GOLDEN).unwrap();
    let index = blob::decode(&golden).unwrap();
    assert_eq!(index.len(), 87);
    assert_eq!(blob::encode(&index), golden);
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = std::fs::read(GOLDEN).unwrap();
    for len in 0..bytes.len() {
        assert!(blob::decode(&bytes[..len]).is_err(), "truncated to {len} bytes");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(blob::decode(&longer), Err(BlobError::Length { .. })));
}

#[test]
fn a_flipped_byte_in_each_region_is_the_right_error() {
    let bytes = std::fs::read(GOLDEN).unwrap();
    let flipped = |i: usize| {
        let mut b = bytes.clone();
        b[i] ^= 0x5A;
        blob::decode(&b).unwrap_err()
    };
    for i in 0..8 {
        assert_eq!(flipped(i), BlobError::NotAnIndex, "magic byte {i}");
    }
    for i in 8..10 {
        assert!(matches!(flipped(i), BlobError::Version { .. }), "version byte {i}");
    }
    assert!(matches!(flipped(10), BlobError::Checksum { .. }), "codec byte");
    for i in 11..15 {
        assert!(matches!(flipped(i), BlobError::Length { .. }), "stored length byte {i}");
    }
    for i in 15..HEADER_LEN {
        assert!(matches!(flipped(i), BlobError::Checksum { .. }), "decoded length or checksum byte {i}");
    }
    for i in (HEADER_LEN..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
        assert!(matches!(flipped(i), BlobError::Checksum { .. }), "payload byte {i}");
    }
}

#[test]
fn another_format_version_names_both_versions() {
    let mut bytes = std::fs::read(GOLDEN).unwrap();
    bytes[8..10].copy_from_slice(&1u16.to_le_bytes());
    let message = blob::decode(&bytes).unwrap_err().to_string();
    assert_eq!(FORMAT_VERSION, 3);
    assert_eq!(
        message,
        "This index has format version 1, but this tagsift reads format version 3. \
         Rebuild the index with the same tagsift version as the widget."
    );
}

/// The seed index as served by a host that compresses nothing is smaller than the same
/// articles as gzip-compressed JSON. (Format 1's context-mixing codec reached 0.71, but
/// decoding it cost 130-160 ms of the first view in the browser; DEFLATE, inflated by
/// the browser itself, costs about 1 ms: see the README.)
#[test]
fn the_seed_index_is_smaller_than_gzipped_json() {
    let index = seed_index();
    let gzip = |bytes: &[u8]| {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap().len()
    };
    let articles: Vec<_> = (0..index.len() as u32).map(|i| index.article(i)).collect();
    let json = serde_json::to_vec(&articles).unwrap();
    let blob = blob::encode(&index);
    let ratio = blob.len() as f64 / gzip(&json) as f64;
    assert!(ratio <= 0.92, "blob / gzip(JSON) = {ratio:.3}");
    assert!(gzip(&blob) as f64 / gzip(&json) as f64 <= 0.92, "a host's gzip adds nothing");
}

/// Re-seals `payload` (raw postcard bytes) with a valid header and checksum, so that the
/// decoder's own checks, not the checksum, must catch the damage.
fn sealed(payload: &[u8], codec: Codec) -> Vec<u8> {
    // Build a valid file around an empty index, then swap the payload in.
    let template = blob::encode_with(&Index::default(), Codec::Stored);
    let (stored, codec_byte) = match codec {
        Codec::Deflate => (miniz_oxide::deflate::compress_to_vec(payload, 6), blob::CODEC_DEFLATE),
        _ => (payload.to_vec(), blob::CODEC_STORED),
    };
    let mut out = template[..8].to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(codec_byte);
    out.extend_from_slice(&(stored.len() as u32).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    let mut crc_input = out[8..19].to_vec();
    crc_input.extend_from_slice(&stored);
    out.extend_from_slice(&blob::crc32(&crc_input).to_le_bytes());
    out.extend_from_slice(&stored);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = blob::decode(&bytes);
        let mut with_magic = blob::MAGIC.to_vec();
        with_magic.extend_from_slice(&bytes);
        let _ = blob::decode(&with_magic);
    }

    #[test]
    fn corrupt_payloads_with_valid_checksums_are_errors_not_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        decode_mutated(edits, Codec::Stored);
    }
}

proptest! {
    // Each case compresses the whole seed payload: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn corrupt_compressed_payloads_are_errors_not_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        decode_mutated(edits, Codec::Deflate);
    }

    #[test]
    fn damaged_compressed_bytes_are_errors_not_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        // The damage is in the DEFLATE stream itself, behind a valid checksum.
        let payload = postcard::to_allocvec(seed_index_cached()).unwrap();
        let mut file = sealed(&payload, Codec::Deflate);
        for (at, value) in edits {
            let i = HEADER_LEN + at.index(file.len() - HEADER_LEN);
            file[i] = value;
        }
        let crc = blob::crc32(&[&file[8..19], &file[HEADER_LEN..]].concat());
        file[19..23].copy_from_slice(&crc.to_le_bytes());
        let _ = blob::decode(&file);
    }
}

#[test]
fn a_header_announcing_more_than_the_payload_holds_allocates_nothing_of_it() {
    // 1 GiB announced, a few bytes given: an error at once, not a 1 GiB buffer.
    let mut file = sealed(b"tiny", Codec::Deflate);
    file[15..19].copy_from_slice(&(1u32 << 30).to_le_bytes());
    let crc = blob::crc32(&[&file[8..19], &file[HEADER_LEN..]].concat());
    file[19..23].copy_from_slice(&crc.to_le_bytes());
    let started = std::time::Instant::now();
    let err = blob::decode(&file).unwrap_err();
    assert!(err.to_string().contains("inflates to 4 bytes, but the header announces 1073741824"), "{err}");
    assert!(started.elapsed().as_millis() < 500);
    // And the reverse: more than announced.
    let mut file = sealed(&[7u8; 1000], Codec::Deflate);
    file[15..19].copy_from_slice(&10u32.to_le_bytes());
    let crc = blob::crc32(&[&file[8..19], &file[HEADER_LEN..]].concat());
    file[19..23].copy_from_slice(&crc.to_le_bytes());
    assert!(blob::decode(&file).unwrap_err().to_string().contains("more than the 10 bytes its header announces"));
}

fn decode_mutated(edits: Vec<(prop::sample::Index, u8)>, codec: Codec) {
    let mut payload = postcard::to_allocvec(seed_index_cached()).unwrap();
    for (at, value) in edits {
        let i = at.index(payload.len());
        payload[i] = value;
    }
    if let Ok(index) = blob::decode(&sealed(&payload, codec)) {
        // A mutation that still decodes must give an index whose ids all resolve.
        for pos in 0..index.len() as u32 {
            let _ = index.article(pos);
        }
    }
}

fn seed_index_cached() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(seed_index)
}

#[test]
fn the_parts_of_a_sharded_index_are_told_apart_from_one_file() {
    use tagsift::shard::build::{build, Layout};
    let index = blob::decode(include_bytes!("golden/seed-v3.bin")).unwrap();
    let files = build(&index, &Layout::for_slots(index.len()));
    let manifest = blob::decode(&files.manifest).unwrap_err();
    assert_eq!(manifest.to_string(), "This is the manifest of a sharded tagsift index, not a one-file tagsift index.");
    let (_, display) = files.parts.iter().find(|(name, _)| name.starts_with("d0-")).expect("a first display shard");
    let err = blob::decode_part::<tagsift::shard::Manifest>(display, b'M').unwrap_err();
    assert_eq!(
        err.to_string(),
        "This is a display shard of a sharded tagsift index, not the manifest of a sharded tagsift index."
    );
    let one_file = blob::encode(&index);
    let err = blob::decode_part::<tagsift::shard::Manifest>(&one_file, b'M').unwrap_err();
    assert_eq!(err.to_string(), "This is a one-file tagsift index, not the manifest of a sharded tagsift index.");
}
