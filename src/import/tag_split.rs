//! Splitting the seed listing's concatenated tag lines (`GoMicroservicesci/cd`) into tags.
//!
//! The listing prints an article's 1–3 tags with no separator, in ascending code-point
//! order. The splitter uses what the whole corpus implies, in three layers:
//!
//! 1. **Hard constraints.** A split has 1..=[`MAX_TAGS`] pieces in strictly ascending
//!    code-point order; no piece starts or ends with a space, `-`, `/` or `.`; a split
//!    never falls between two digits. These alone decide many lines: in
//!    `Data ConsistencyIdempotencyMock`, `Data` cannot precede `Consistency`.
//! 2. **Scores.** Among the splits left, each piece earns
//!    2 points if it is *attested*: another line's chosen split has it as a piece
//!    (`distributed-systems` ends thirty other lines), or
//!    1 point if it is *lexical*: each of its words occurs in the corpus's titles and
//!    summaries (the [`Lexicon`]).
//!    The split with the highest total wins. Choices feed attestation, so the
//!    process repeats until no line changes (at most [`MAX_ROUNDS`] rounds).
//! 3. **Tie-breaks.** Equal totals: the split that leaves fewer lower→upper case humps
//!    inside pieces, then fewer pieces. A tie that survives is *ambiguous*: it is
//!    settled by [`OVERRIDES`] if listed there (and reported as such), else the first
//!    candidate is taken and reported with its alternatives, so nothing is decided silently.

use std::collections::{HashMap, HashSet};

/// Most tags a listing line holds.
pub const MAX_TAGS: usize = 3;
/// Most refinement rounds; the seed settles in three.
pub const MAX_ROUNDS: usize = 8;

/// Lines that the algorithm cannot decide, with their tags. Consulted only for ties.
/// Empty today: every line of the seed listing is decided by the rules above.
pub const OVERRIDES: &[(&str, &[&str])] = &[];

/// How a line's split was decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Only one split satisfies the hard constraints.
    Forced,
    /// Chosen by score over `alternatives` other valid splits.
    Scored { alternatives: usize },
    /// A tie, settled by [`OVERRIDES`].
    Override,
    /// A tie with no override: the first of the tied splits was taken.
    Ambiguous { tied: Vec<Vec<String>> },
}

/// The tags of one line and how they were found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub tags: Vec<String>,
    pub decision: Decision,
}

/// Lower-cased words of the corpus's prose (titles and summaries).
#[derive(Default, Debug)]
pub struct Lexicon(HashSet<String>);

impl Lexicon {
    /// Adds every word of `text`; words are maximal runs of letters and digits.
    pub fn add_text(&mut self, text: &str) {
        for w in words(text) {
            self.0.insert(w.to_lowercase());
        }
    }

    /// A word is known if it, its plural or its singular occurs; single letters never are.
    fn knows(&self, word: &str) -> bool {
        if word.chars().all(|c| c.is_ascii_digit()) {
            return true;
        }
        if word.chars().count() < 2 {
            return false;
        }
        let w = word.to_lowercase();
        self.0.contains(&w)
            || self.0.contains(&format!("{w}s"))
            || w.strip_suffix('s').is_some_and(|s| s.chars().count() >= 2 && self.0.contains(s))
    }
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

const EDGE: [char; 4] = [' ', '-', '/', '.'];

/// One way to split a line: up to [`MAX_TAGS`] pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pieces<T> {
    piece: [T; MAX_TAGS],
    len: u8,
}

impl<T: Copy> Pieces<T> {
    fn new(pieces: &[T]) -> Self {
        let mut piece = [pieces[0]; MAX_TAGS];
        piece[..pieces.len()].copy_from_slice(pieces);
        Pieces { piece, len: pieces.len() as u8 }
    }

    fn as_slice(&self) -> &[T] {
        &self.piece[..usize::from(self.len)]
    }
}

/// Every split of `line` that meets the hard constraints.
fn candidates(line: &str) -> Vec<Pieces<&str>> {
    if line.is_empty() || line.starts_with(EDGE) || line.ends_with(EDGE) {
        return Vec::new();
    }
    // A cut is allowed between two characters when neither is an edge character
    // and it does not split a number; pieces then never start or end with an edge.
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let cuts: Vec<usize> = chars
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0].1, w[1].1);
            let splits_number = a.is_ascii_digit() && b.is_ascii_digit();
            !(EDGE.contains(&a) || EDGE.contains(&b) || splits_number)
        })
        .map(|w| w[1].0)
        .collect();
    let mut out = vec![Pieces::new(&[line])];
    for (k, &i) in cuts.iter().enumerate() {
        let (a, rest) = line.split_at(i);
        if a < rest {
            out.push(Pieces::new(&[a, rest]));
        }
        for &j in &cuts[k + 1..] {
            let (b, c) = (&line[i..j], &line[j..]);
            if a < b && b < c {
                out.push(Pieces::new(&[a, b, c]));
            }
        }
    }
    const { assert!(MAX_TAGS == 3, "candidates enumerates up to three pieces") };
    out
}

/// Lower→upper transitions inside a piece (`ZooKeeper` has one).
fn humps(piece: &str) -> usize {
    piece
        .chars()
        .zip(piece.chars().skip(1))
        .filter(|(a, b)| (a.is_lowercase() || a.is_ascii_digit()) && b.is_uppercase())
        .count()
}

/// The candidates of every line with their pieces numbered: each distinct piece once,
/// with what scoring needs of it, so that the rounds count and compare numbers only.
struct Corpus<'a> {
    /// Candidates of line `i`: `cands[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    cands: Vec<Pieces<u32>>,
    /// Humps summed over each candidate's pieces (a tie-break).
    cand_humps: Vec<usize>,
    /// Each piece's text and whether all its words are in the lexicon.
    text: Vec<&'a str>,
    lexical: Vec<bool>,
}

impl<'a> Corpus<'a> {
    fn new(lines: &[&'a str], lexicon: &Lexicon) -> Self {
        let mut ids: HashMap<&'a str, u32> = HashMap::new();
        let mut c = Corpus {
            starts: vec![0],
            cands: Vec::new(),
            cand_humps: Vec::new(),
            text: Vec::new(),
            lexical: Vec::new(),
        };
        let mut piece_humps: Vec<usize> = Vec::new();
        for line in lines {
            for split in candidates(line) {
                let mut id = [0u32; MAX_TAGS];
                for (slot, &p) in id.iter_mut().zip(split.as_slice()) {
                    *slot = *ids.entry(p).or_insert_with(|| {
                        c.text.push(p);
                        c.lexical.push(words(p).all(|w| lexicon.knows(w)));
                        piece_humps.push(humps(p));
                        (c.text.len() - 1) as u32
                    });
                }
                let split = Pieces { piece: id, len: split.len };
                c.cand_humps.push(split.as_slice().iter().map(|&p| piece_humps[p as usize]).sum());
                c.cands.push(split);
            }
            c.starts.push(c.cands.len());
        }
        c
    }

    fn of_line(&self, i: usize) -> core::ops::Range<usize> {
        self.starts[i]..self.starts[i + 1]
    }
}

/// Splits every line of a corpus. `lines` should hold each distinct line once;
/// the result is in the same order. Each round costs one pass over every candidate.
pub fn split_all(lines: &[&str], lexicon: &Lexicon) -> Vec<Split> {
    let corpus = Corpus::new(lines, lexicon);
    // Per line, the chosen candidate (an offset within the line's candidates).
    let mut choice: Vec<usize> = vec![0; lines.len()];
    let mut tied: Vec<Vec<usize>> = vec![Vec::new(); lines.len()];
    let mut attest: Vec<u32> = vec![0; corpus.text.len()];
    let mut keys = Vec::new();
    for _round in 0..MAX_ROUNDS {
        // How many lines' current choices hold each piece, as the round starts.
        attest.fill(0);
        for (i, &k) in choice.iter().enumerate() {
            if let Some(split) = corpus.cands[corpus.of_line(i)].get(k) {
                for &p in split.as_slice() {
                    attest[p as usize] += 1;
                }
            }
        }
        let mut changed = false;
        for (i, chosen) in choice.iter_mut().enumerate() {
            let range = corpus.of_line(i);
            let own: &[u32] = corpus.cands[range.clone()].get(*chosen).map_or(&[], Pieces::as_slice);
            keys.clear();
            keys.extend(range.map(|k| {
                let split = corpus.cands[k].as_slice();
                let score: u32 = split
                    .iter()
                    .map(|&p| {
                        let others = attest[p as usize] - u32::from(own.contains(&p));
                        if others > 0 {
                            2
                        } else {
                            u32::from(corpus.lexical[p as usize])
                        }
                    })
                    .sum();
                (core::cmp::Reverse(score), corpus.cand_humps[k], split.len())
            }));
            let Some((best, best_key)) = keys.iter().enumerate().min_by_key(|&(k, key)| (key, k)) else { continue };
            tied[i] = keys.iter().enumerate().filter(|(_, key)| *key == best_key).map(|(k, _)| k).collect();
            if best != *chosen {
                *chosen = best;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let c = &corpus.cands[corpus.of_line(i)];
            let owned =
                |k: usize| c[k].as_slice().iter().map(|&p| corpus.text[p as usize].to_string()).collect::<Vec<_>>();
            if c.is_empty() {
                // Nothing fits the constraints (e.g. a line of punctuation): keep it whole.
                return Split { tags: vec![line.to_string()], decision: Decision::Forced };
            }
            if c.len() == 1 {
                return Split { tags: owned(0), decision: Decision::Forced };
            }
            if tied[i].len() > 1 {
                if let Some((_, tags)) = OVERRIDES.iter().find(|(l, _)| l == line) {
                    let tags = tags.iter().map(|t| t.to_string()).collect();
                    return Split { tags, decision: Decision::Override };
                }
                let tied = tied[i].iter().map(|&k| owned(k)).collect();
                return Split { tags: owned(choice[i]), decision: Decision::Ambiguous { tied } };
            }
            Split { tags: owned(choice[i]), decision: Decision::Scored { alternatives: c.len() - 1 } }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(lines: &[&str], prose: &str) -> Vec<Vec<String>> {
        let mut lex = Lexicon::default();
        lex.add_text(prose);
        split_all(lines, &lex).into_iter().map(|s| s.tags).collect()
    }

    #[test]
    fn candidates_respect_order_edges_and_numbers() {
        let got: Vec<Vec<&str>> = candidates("Kafka 3.0Streaming").iter().map(|c| c.as_slice().to_vec()).collect();
        assert!(got.contains(&vec!["Kafka 3.0", "Streaming"]));
        assert!(got.iter().all(|c| c.windows(2).all(|w| w[0] < w[1])));
        assert!(got.iter().flatten().all(|p| !p.starts_with(' ') && !p.ends_with(' ')));
        assert!(!got.iter().any(|c| c.contains(&"Kafka 3")));
    }

    #[test]
    fn order_alone_decides_multi_word_tags() {
        assert_eq!(
            split(&["Data ConsistencyIdempotencyMock"], "idempotency mock data consistency"),
            [["Data Consistency", "Idempotency", "Mock"]]
        );
    }

    #[test]
    fn attestation_splits_lower_case_runs() {
        let got = split(
            &["distributed-systemsrebalancing", "Kafkadistributed-systems", "Godistributed-systems"],
            "partition rebalancing kafka go",
        );
        assert_eq!(got[0], ["distributed-systems", "rebalancing"]);
        assert_eq!(got[1], ["Kafka", "distributed-systems"]);
    }

    #[test]
    fn unknown_lines_are_reported_not_hidden() {
        let mut lex = Lexicon::default();
        lex.add_text("nothing relevant");
        let out = split_all(&["XqzWvb"], &lex);
        assert!(matches!(out[0].decision, Decision::Ambiguous { .. } | Decision::Scored { .. }));
    }
}
