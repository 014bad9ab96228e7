//! The collection's inverted index: for every word, the articles it occurs
//! in and how often, weighted by field.
//!
//! Ranking is BM25 (k1 = 1.2, b = 0.75) over a field-weighted term frequency:
//! an occurrence in the title counts 3, in a key point 2, in the body 1, so
//! title matches outrank key-point matches, which outrank body matches;
//! repeated words count more, with diminishing returns; rare words (high
//! inverse document frequency) count more than common ones; long articles
//! are not favoured just for being long. A word typed as a prefix counts as
//! one word made of all the words it begins (one document frequency, their
//! occurrences summed), those longer than it at a quarter: a word typed
//! whole outranks the longer words it begins (`corn` over *Corning*), while
//! type-ahead still finds them.
//!
//! Postings are stored compressed in one byte array, sliced per word: for
//! each article containing the word, the gap from the previous article
//! number and the weight, both as variable-length integers. Most pairs take
//! two or three bytes (six as plain integers), which is what keeps a
//! 100,000-article index in memory small; a search reads postings in order
//! anyway, so decoding them costs little.
//!
//! Beside the postings, in a second byte array, are each word's places in
//! each of its articles: its tokens numbered through the title, the key
//! points and the paragraphs (one number skipped between two fields, so
//! that no phrase spans them), as gaps, after the group's length in bytes
//! so that a search skips the groups of articles it does not need. Quoted
//! phrases are matched with them, exactly and without reading a file: the
//! places of their words must follow each other. Word searches never read
//! them.
//!
//! A short prefix begins many words: at a million articles, walking the
//! postings of every word starting with two letters took 50-100 ms. The
//! prefixes that are costly to walk have their results worked out when
//! the index is built (see [`Lists`]).

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use super::fold::{fold_into, tokens, word_count};
use super::{Clause, Query, Term};
use crate::article::Article;
use crate::codec::{Bytes, Damaged, Decoder, Encoder, get_varint, put_varint, varint_len};

const TITLE_WEIGHT: u32 = 3;
const KEY_POINT_WEIGHT: u32 = 2;
const BODY_WEIGHT: u32 = 1;
/// What an occurrence of a longer word counts, against one of the word
/// typed: under a third, so that even in a title (×3) it counts less than
/// the word itself once in the body.
const PREFIX_ONLY_WEIGHT: f32 = 0.25;
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// An index of some articles, and where each of them is in a collection
/// being indexed (see [`Index::combine`]).
#[derive(Clone, Debug)]
pub struct Part {
    pub index: Arc<Index>,
    pub place: Vec<Option<u32>>,
}

impl Part {
    /// An index of `n` articles that keep their places.
    pub fn whole(index: Arc<Index>, n: usize) -> Part {
        Part { index, place: (0..n as u32).map(Some).collect() }
    }

    /// Whether every article keeps its place.
    pub fn is_whole(&self) -> bool {
        self.place.iter().enumerate().all(|(i, &at)| at == Some(i as u32))
    }
}

/// A ranked result: an article (index into the collection) and its score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    pub article: usize,
    pub score: f32,
}

#[derive(Debug, Default)]
pub struct Index {
    /// Sorted, unique folded words.
    words: Vec<Box<str>>,
    /// `postings[offsets[w]..offsets[w + 1]]` belong to `words[w]`.
    offsets: Vec<u64>,
    /// For each word, how many articles it is in.
    counts: Vec<u32>,
    postings: Bytes,
    /// `positions[places[w]..places[w + 1]]` are the places of `words[w]`:
    /// a group per posting (see the module's documentation).
    places: Vec<u64>,
    positions: Bytes,
    doc_len: Vec<u32>,
    avg_len: f32,
    /// Per article, the BM25 length term `K1 * (1 - B + B * len / avg)`.
    length_norm: Vec<f32>,
    /// Precomputed results of the short prefixes that are costly to
    /// search (see [`Lists`]).
    lists: Lists,
    /// Combined from an index whose cache was found damaged: what was
    /// lost there is missing here too (see [`Index::is_damaged`]).
    damaged: bool,
}

impl Index {
    pub fn build<A: AsRef<Article> + Sync>(articles: &[A]) -> Index {
        let mut index = Index::build_part(articles);
        index.list_prefixes(LIST_FROM);
        index
    }

    /// Builds an index meant to be combined with others (see
    /// [`Index::combine`]): without the prefixes' lists, which only the
    /// combined index needs.
    pub fn build_part<A: AsRef<Article> + Sync>(articles: &[A]) -> Index {
        Index::build_part_counting(articles).0
    }

    /// [`Index::build_part`], and each article's word count for its
    /// reading time ([`word_count`]), taken while its text is tokenized.
    pub fn build_part_counting<A: AsRef<Article> + Sync>(articles: &[A]) -> (Index, Vec<usize>) {
        // Each worker indexes its share into its own word table; the tables
        // are combined once at the end. A few large chunks, not rayon's
        // adaptive splits: every table holds its own copy of the vocabulary.
        let chunk = articles.len().div_ceil(rayon::current_num_threads() * 2).max(256);
        let tables: Vec<Table> = articles
            .par_chunks(chunk)
            .map(|part| {
                let mut table = Table::default();
                for article in part {
                    table.add(article.as_ref());
                }
                table
            })
            .collect();
        let mut all: Vec<(&str, u32, u32)> = tables
            .iter()
            .enumerate()
            .flat_map(|(t, table)| table.ids.iter().map(move |(word, &id)| (&**word, t as u32, id)))
            .collect();
        // By word, then table: a word's postings from the tables in order
        // are its articles in ascending order.
        all.par_sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        let doc_len = tables.iter().flat_map(|t| t.lengths.iter().copied()).collect();
        let words = tables.iter().flat_map(|t| t.words.iter().map(|&w| w as usize)).collect();
        let base: Vec<u32> = tables
            .iter()
            .scan(0, |at, t| Some(std::mem::replace(at, *at + t.lengths.len() as u32)))
            .collect();
        let index = Index::from_sorted(&all, doc_len, |t, id, out| {
            let table = &tables[t as usize];
            let (postings, groups) = (&table.postings[id as usize], &table.groups[id as usize]);
            let at = base[t as usize];
            out.extend(
                postings.iter().zip(Groups::new(groups)).map(|(&(doc, w), group)| (at + doc, w, group)),
            );
        });
        (index, words)
    }

    /// An index of `doc_len.len()` articles from its words, sorted, each
    /// with where its postings are (`gather` appends them): built in
    /// pieces on every core, cut where a word changes, laid end to end.
    fn from_sorted<'a>(
        all: &[(&str, u32, u32)],
        doc_len: Vec<u32>,
        gather: impl Fn(u32, u32, &mut Vec<Placed<'a>>) + Sync,
    ) -> Index {
        let pieces = rayon::current_num_threads() * 4;
        let mut cuts = vec![0];
        for k in 1..pieces {
            let mut at = (all.len() * k / pieces).max(cuts[cuts.len() - 1]);
            while at < all.len() && at > 0 && all[at].0 == all[at - 1].0 {
                at += 1;
            }
            cuts.push(at);
        }
        cuts.push(all.len());
        let pieces: Vec<Index> = cuts
            .windows(2)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|cut| encode_words(&all[cut[0]..cut[1]], &gather))
            .collect();
        let n = doc_len.len();
        let mut index = Index {
            words: Vec::with_capacity(pieces.iter().map(|p| p.words.len()).sum()),
            offsets: vec![0],
            counts: Vec::new(),
            postings: Vec::with_capacity(pieces.iter().map(|p| p.postings.len()).sum::<usize>()).into(),
            places: vec![0],
            positions: Vec::with_capacity(pieces.iter().map(|p| p.positions.len()).sum::<usize>()).into(),
            avg_len: doc_len.iter().map(|&l| l as f32).sum::<f32>() / n.max(1) as f32,
            doc_len,
            length_norm: Vec::new(),
            lists: Lists::default(),
            damaged: false,
        };
        for piece in pieces {
            let base = index.postings.len() as u64;
            index.words.extend(piece.words);
            index.counts.extend(piece.counts);
            index.offsets.extend(piece.offsets[1..].iter().map(|&end| base + end));
            index.postings.to_mut().extend_from_slice(piece.postings.whole().unwrap_or_default());
            let base = index.positions.len() as u64;
            index.places.extend(piece.places[1..].iter().map(|&end| base + end));
            index.positions.to_mut().extend_from_slice(piece.positions.whole().unwrap_or_default());
        }
        index.length_norm =
            index.doc_len.iter().map(|&l| K1 * (1.0 - B + B * l as f32 / index.avg_len.max(1.0))).collect();
        index
    }

    /// Combines indexes of parts of a collection into one index of its `n`
    /// articles, without reading any text: each part says where each of
    /// its articles now is (none: gone). Scores come out as a fresh build's
    /// would, since document frequencies and lengths are all kept.
    /// An index of all `articles` from `parts` that already cover some of
    /// them: only what no part covers is built from text (those articles
    /// must hold their bodies); the rest is combined from the parts'
    /// postings, or a part covering everything is used as it is.
    pub fn assemble<A: AsRef<Article> + Sync>(articles: &[A], mut parts: Vec<Part>) -> Arc<Index> {
        let n = articles.len();
        let mut covered = vec![false; n];
        for part in &parts {
            for &at in part.place.iter().flatten() {
                covered[at as usize] = true;
            }
        }
        let missing: Vec<usize> = (0..n).filter(|&i| !covered[i]).collect();
        match parts.as_slice() {
            [] => Arc::new(Index::build(articles)),
            [whole] if missing.is_empty() && whole.place.len() == n && whole.is_whole() => {
                Arc::clone(&whole.index)
            }
            _ => {
                if !missing.is_empty() {
                    let fresh: Vec<&A> = missing.iter().map(|&i| &articles[i]).collect();
                    let place = missing.iter().map(|&i| Some(i as u32)).collect();
                    parts.push(Part { index: Arc::new(Index::build(&fresh)), place });
                }
                Arc::new(Index::combine(&parts, n))
            }
        }
    }

    pub fn combine(parts: &[Part], n: usize) -> Index {
        let mut all: Vec<(&str, u32, u32)> = parts
            .iter()
            .enumerate()
            .flat_map(|(p, part)| {
                part.index.words.iter().enumerate().map(move |(w, word)| (&**word, p as u32, w as u32))
            })
            .collect();
        all.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut doc_len = vec![0; n];
        for part in parts {
            for (&len, place) in part.index.doc_len.iter().zip(&part.place) {
                if let Some(at) = place {
                    doc_len[*at as usize] = len;
                }
            }
        }
        let mut index = Index::from_sorted(&all, doc_len, |p, w, out| {
            let part = &parts[p as usize];
            out.extend(part.index.placed(w as usize).filter_map(|(doc, weight, group)| {
                Some((part.place.get(doc as usize).copied()??, weight, group))
            }));
        });
        index.list_prefixes(LIST_FROM);
        // The combine read every word of every part: any damage is known.
        index.damaged = parts.iter().any(|part| part.index.is_damaged());
        index
    }

    /// Lists every prefix of one to [`LISTED_CHARS`] characters whose
    /// words' postings number at least `from` (see [`Lists`]; those of
    /// the longest only when also at least twice their articles: a sparse
    /// prefix costs about as much walked as read from a list), replacing
    /// any lists made before. Public for tests, which list every prefix
    /// (`0`, sparse ones too) or none (`u64::MAX`) and compare.
    #[doc(hidden)]
    pub fn list_prefixes(&mut self, from: u64) {
        let mut chosen: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for chars in 1..=LISTED_CHARS {
            let mut at = 0;
            while at < self.words.len() {
                let mut ends = self.words[at].char_indices().map(|(i, c)| i + c.len_utf8());
                let Some(len) = ends.nth(chars - 1) else {
                    // Too short to begin a prefix this long.
                    at += 1;
                    continue;
                };
                let end = self.words_from(at, len);
                let postings: u64 = (at..end).map(|w| u64::from(self.counts[w])).sum();
                if postings >= from {
                    chosen.push((len, at..end));
                }
                at = end;
            }
        }
        let mut encoded: Vec<(Box<str>, u32, Vec<u8>)> = chosen
            .into_par_iter()
            .filter_map(|(len, words)| {
                let prefix: Box<str> = self.words[words.start][..len].into();
                let postings: u64 = words.clone().map(|w| u64::from(self.counts[w])).sum();
                let last = prefix.chars().count() == LISTED_CHARS;
                let quarters = self.prefix_quarters(&prefix, words);
                let docs: Vec<u32> =
                    (0..quarters.len() as u32).filter(|&d| quarters[d as usize] > 0).collect();
                if last && from > 0 && postings < 2 * docs.len() as u64 {
                    return None;
                }
                // Best first, ties by article, as a search ranks them.
                let idf = self.idf(docs.len());
                let mut keys: Vec<u64> = docs
                    .iter()
                    .filter_map(|&d| {
                        let score = self.weigh(idf, quarters[d as usize] as f32 / 4.0, d)?;
                        Some(u64::from(!order_bits(score)) << 32 | u64::from(d))
                    })
                    .collect();
                keys.sort_unstable();
                let mut bytes = Vec::with_capacity(keys.len() * 5);
                for key in &keys {
                    let doc = *key as u32;
                    bytes.extend_from_slice(&doc.to_le_bytes());
                    put_varint(&mut bytes, u64::from(quarters[doc as usize]));
                }
                Some((prefix, keys.len() as u32, bytes))
            })
            .collect();
        encoded.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut lists = Lists { ends: vec![0], ..Lists::default() };
        let bytes = lists.bytes.to_mut();
        for (prefix, count, list) in encoded {
            bytes.extend_from_slice(&list);
            lists.prefixes.push(prefix);
            lists.counts.push(count);
            lists.ends.push(bytes.len() as u64);
        }
        self.lists = lists;
    }

    /// The end of the words from `start` on that begin with its first
    /// `len` bytes.
    fn words_from(&self, start: usize, len: usize) -> usize {
        let prefix = &self.words[start].as_bytes()[..len];
        start + self.words[start..].partition_point(|w| w.as_bytes().starts_with(prefix))
    }

    /// Appends one word's postings (ascending article numbers) and their
    /// places.
    fn push_postings(&mut self, postings: &[Placed]) {
        let mut previous = 0;
        let out = self.postings.to_mut();
        for &(doc, weight, _) in postings {
            put_varint(out, u64::from(doc - previous));
            put_varint(out, u64::from(weight));
            previous = doc;
        }
        self.counts.push(postings.len() as u32);
        self.offsets.push(out.len() as u64);
        let out = self.positions.to_mut();
        for &(_, _, group) in postings {
            put_varint(out, group.len() as u64);
            out.extend_from_slice(group);
        }
        self.places.push(out.len() as u64);
    }

    /// BM25's inverse document frequency of a word in `df` articles.
    fn idf(&self, df: usize) -> f32 {
        let df = df as f32;
        (1.0 + (self.len() as f32 - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25's share of a word with frequency `tf` in article `doc`; none
    /// for an article the index does not have (checked when the index was
    /// read from the cache: a wrong one is skipped rather than trusted).
    fn weigh(&self, idf: f32, tf: f32, doc: u32) -> Option<f32> {
        let norm = self.length_norm.get(doc as usize)?;
        Some(idf * tf * (K1 + 1.0) / (tf + norm))
    }

    /// Every article containing word number `word`, with its score.
    fn word_scores(&self, word: usize) -> Vec<(u32, f32)> {
        let idf = self.idf(self.counts[word] as usize);
        self.postings(word)
            .filter_map(|(doc, weight)| Some((doc, self.weigh(idf, f32::from(weight), doc)?)))
            .collect()
    }

    /// Every article containing a word that `token` begins (`words`, the
    /// index's words starting with it), with its score: the words together
    /// as one, those longer than `token` counted at [`PREFIX_ONLY_WEIGHT`].
    fn prefix_scores(&self, token: &str, words: std::ops::Range<usize>) -> Vec<(u32, f32)> {
        let quarters = self.prefix_quarters(token, words);
        let idf = self.idf(quarters.iter().filter(|&&q| q > 0).count());
        (0..self.len() as u32)
            .filter(|&d| quarters[d as usize] > 0)
            .filter_map(|d| Some((d, self.weigh(idf, quarters[d as usize] as f32 / 4.0, d)?)))
            .collect()
    }

    /// Per article, the term frequency of the words `token` begins
    /// (`words`) in quarters: a longer word's weight counts once
    /// ([`PREFIX_ONLY_WEIGHT`] of the word's own four), so the sum is
    /// exact in integers.
    fn prefix_quarters(&self, token: &str, words: std::ops::Range<usize>) -> Vec<u32> {
        const WHOLE: u32 = (1.0 / PREFIX_ONLY_WEIGHT) as u32;
        let mut quarters = vec![0u32; self.len()];
        for word in words {
            let share = if &*self.words[word] == token { WHOLE } else { 1 };
            for (doc, weight) in self.postings(word) {
                if let Some(q) = quarters.get_mut(doc as usize) {
                    *q = q.saturating_add(share * u32::from(weight));
                }
            }
        }
        quarters
    }

    /// A listed prefix's articles with their scores, best first (see
    /// [`Lists`]); none if `token` is not listed. What the list says is
    /// not trusted: an article number outside the index is skipped.
    fn listed(&self, token: &str) -> Option<impl Iterator<Item = (u32, f32)> + '_> {
        let lists = &self.lists;
        let i = lists.prefixes.binary_search_by(|p| (**p).cmp(token)).ok()?;
        let bytes = lists.bytes.get(lists.ends[i] as usize..lists.ends[i + 1] as usize);
        let idf = self.idf(lists.counts[i] as usize);
        let mut at = 0;
        Some(std::iter::from_fn(move || {
            loop {
                let doc = u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
                at += 4;
                let q = get_varint(bytes, &mut at)?;
                if let Some(score) = self.weigh(idf, q as f32 / 4.0, doc) {
                    return Some((doc, score));
                }
            }
        }))
    }

    /// A listed prefix's articles with their scores, by article number.
    fn listed_scores(&self, token: &str) -> Option<Vec<(u32, f32)>> {
        let listed = self.listed(token)?;
        // Put in article order through a table of every article: a sort
        // of a million would cost more.
        let mut table = vec![f32::NAN; self.len()];
        for (doc, score) in listed {
            table[doc as usize] = score;
        }
        Some((0..self.len() as u32).zip(table).filter(|(_, score)| !score.is_nan()).collect())
    }

    pub fn len(&self) -> usize {
        self.doc_len.len()
    }

    /// The postings, the words' places and the prefixes' lists as stored,
    /// for the cache to write as they are; none from a cache found damaged.
    pub(crate) fn stored(&self) -> Option<[&[u8]; 3]> {
        let stored = [self.postings.whole()?, self.positions.whole()?, self.lists.bytes.whole()?];
        (!self.is_damaged()).then_some(stored)
    }

    /// Whether the cache this index was read from was found damaged in a
    /// part read so far: what was there reads as nothing, and the cache
    /// should be built again.
    pub fn is_damaged(&self) -> bool {
        self.damaged
            || self.postings.is_damaged()
            || self.positions.is_damaged()
            || self.lists.bytes.is_damaged()
    }

    /// Writes the index for the cache, all but the postings, places and
    /// lists (see [`Index::stored`]): words, each word's count and the byte
    /// lengths of its postings and places, article lengths, and the
    /// listed prefixes with their article counts and byte lengths.
    pub(crate) fn encode_head(&self, e: &mut Encoder) {
        e.u32(self.len() as u32);
        e.u32(self.words.len() as u32);
        for word in &self.words {
            e.str(word);
        }
        for w in 0..self.words.len() {
            e.varint(u64::from(self.counts[w]));
            e.varint(self.offsets[w + 1] - self.offsets[w]);
            e.varint(self.places[w + 1] - self.places[w]);
        }
        for &len in &self.doc_len {
            e.varint(u64::from(len));
        }
        e.u32(self.lists.prefixes.len() as u32);
        for (i, prefix) in self.lists.prefixes.iter().enumerate() {
            e.str(prefix);
            e.varint(u64::from(self.lists.counts[i]));
            e.varint(self.lists.ends[i + 1] - self.lists.ends[i]);
        }
    }

    /// Reads what [`Index::encode_head`] wrote, with the postings, places
    /// and lists read separately, checking what is read here (sorted
    /// words and prefixes, lengths that add up to the postings', places'
    /// and lists', article counts within the collection). The postings,
    /// places and lists are not read through: that cost a warm start
    /// 0.35 s at 100,000 articles. Their bytes are checked against their checksums as they
    /// are first read (see [`Bytes`]), and every reader bounds-checks
    /// what it decodes, so bytes that lie give wrong answers, never a
    /// panic.
    pub(crate) fn decode(
        d: &mut Decoder,
        postings: Bytes,
        positions: Bytes,
        list_bytes: Bytes,
    ) -> Result<Index, Damaged> {
        let bad = Damaged;
        // Each count is checked against the bytes left before anything is
        // allocated for it: an article's length takes at least a byte, a
        // word its four length bytes, a first letter and a posting five.
        let n = d.count(1)?;
        let count = d.count(4)?;
        let mut words: Vec<Box<str>> = Vec::with_capacity(count);
        for _ in 0..count {
            let word = d.string()?.into_boxed_str();
            if words.last().is_some_and(|last| *last >= word) {
                return Err(bad("word order"));
            }
            words.push(word);
        }
        let mut offsets = Vec::with_capacity(words.len() + 1);
        offsets.push(0u64);
        let mut places = Vec::with_capacity(words.len() + 1);
        places.push(0u64);
        let mut counts = Vec::with_capacity(words.len());
        for _ in 0..words.len() {
            counts.push(u32::try_from(d.varint()?).map_err(|_| bad("count"))?);
            let end = offsets[offsets.len() - 1].checked_add(d.varint()?).ok_or(bad("size"))?;
            offsets.push(end);
            let end = places[places.len() - 1].checked_add(d.varint()?).ok_or(bad("size"))?;
            places.push(end);
        }
        if offsets.last() != Some(&(postings.len() as u64))
            || places.last() != Some(&(positions.len() as u64))
        {
            return Err(bad("size"));
        }
        let mut doc_len = Vec::with_capacity(n);
        for _ in 0..n {
            doc_len.push(u32::try_from(d.varint()?).map_err(|_| bad("length"))?);
        }
        let mut lists = Lists { ends: vec![0], bytes: list_bytes, ..Lists::default() };
        for _ in 0..d.count(6)? {
            let prefix = d.string()?.into_boxed_str();
            if prefix.is_empty() || lists.prefixes.last().is_some_and(|last| *last >= prefix) {
                return Err(bad("prefix order"));
            }
            let count = u32::try_from(d.varint()?).ok().filter(|&c| c as usize <= n).ok_or(bad("count"))?;
            let end = lists.ends[lists.ends.len() - 1].checked_add(d.varint()?).ok_or(bad("size"))?;
            lists.prefixes.push(prefix);
            lists.counts.push(count);
            lists.ends.push(end);
        }
        if lists.ends.last() != Some(&(lists.bytes.len() as u64)) {
            return Err(bad("size"));
        }
        let avg_len = doc_len.iter().map(|&l| l as f32).sum::<f32>() / doc_len.len().max(1) as f32;
        let length_norm = doc_len.iter().map(|&l| K1 * (1.0 - B + B * l as f32 / avg_len.max(1.0))).collect();
        Ok(Index {
            words,
            offsets,
            counts,
            postings,
            places,
            positions,
            doc_len,
            avg_len,
            length_norm,
            lists,
            damaged: false,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.doc_len.is_empty()
    }

    /// Approximate heap size in bytes, for reports.
    pub fn heap_bytes(&self) -> usize {
        self.words.iter().map(|w| w.len() + 16).sum::<usize>()
            + self.offsets.len() * 8
            + self.counts.len() * 4
            + self.postings.len()
            + self.places.len() * 8
            + self.positions.len()
            + self.doc_len.len() * 8
            + self.lists.prefixes.iter().map(|p| p.len() + 28).sum::<usize>()
            + self.lists.bytes.len()
    }

    /// Word numbers that match a token exactly, or as a prefix.
    fn expand(&self, token: &str, prefix: bool) -> std::ops::Range<usize> {
        let start = self.words.partition_point(|w| &**w < token);
        let end = if prefix {
            start + self.words[start..].partition_point(|w| w.starts_with(token))
        } else {
            start + usize::from(self.words.get(start).is_some_and(|w| &**w == token))
        };
        start..end
    }

    /// One word's postings: none if the cache they were read from is
    /// damaged there. What they hold is not trusted either: every reader
    /// bounds-checks the article numbers it meets.
    fn postings(&self, word: usize) -> Postings<'_> {
        Postings { bytes: self.postings.get(self.posting_range(word)), pos: 0, doc: 0 }
    }

    fn posting_range(&self, word: usize) -> std::ops::Range<usize> {
        self.offsets[word] as usize..self.offsets[word + 1] as usize
    }

    /// One word's groups of places, one per posting (see [`Groups`]).
    fn groups(&self, word: usize) -> &[u8] {
        self.positions.get(self.places[word] as usize..self.places[word + 1] as usize)
    }

    /// One word's postings, each with its group of places.
    fn placed(&self, word: usize) -> impl Iterator<Item = Placed<'_>> {
        self.postings(word)
            .zip(Groups::new(self.groups(word)))
            .map(|((doc, weight), group)| (doc, weight, group))
    }

    /// The articles containing one token, with their scores, by article
    /// number: a short prefix that is costly to search from its list.
    fn token_scores(&self, token: &str, prefix: bool) -> Vec<(u32, f32)> {
        if prefix && let Some(scores) = self.listed_scores(token) {
            return scores;
        }
        let words = self.expand(token, prefix);
        match words.len() {
            0 => Vec::new(),
            1 if &*self.words[words.start] == token => self.word_scores(words.start),
            _ => self.prefix_scores(token, words),
        }
    }

    /// The articles having every token of a term, with their scores
    /// summed; for several tokens (a phrase), in sequence.
    fn term_scores(&self, term: &Term, budget: u64, exact: &mut bool) -> Vec<(u32, f32)> {
        let last = term.tokens.len() - 1;
        let mut tokens =
            term.tokens.iter().enumerate().map(|(i, t)| self.token_scores(t, term.prefix && i == last));
        let first = tokens.next().unwrap_or_default();
        let all = tokens.fold(first, |all, next| both(&all, &next));
        if last == 0 || all.is_empty() {
            return all;
        }
        match self.in_sequence(term, &all, budget) {
            Some(found) => found,
            None => {
                *exact = false;
                all
            }
        }
    }

    /// The articles of `scored` (by article number) in which the term's
    /// tokens follow each other; none when the check would take more than
    /// `budget` (see [`KEYSTROKE_BUDGET`]).
    fn in_sequence(&self, term: &Term, scored: &[(u32, f32)], budget: u64) -> Option<Vec<(u32, f32)>> {
        let last = term.tokens.len() - 1;
        let mut tokens: Vec<(u32, std::ops::Range<usize>)> = term
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (i as u32, self.expand(t, term.prefix && i == last)))
            .collect();
        // Whole words first, the rarest first, and a prefix's many words
        // last: each token narrows the articles the next one looks at.
        tokens.sort_by_key(|(_, words)| {
            (words.len() != 1, words.clone().map(|w| u64::from(self.counts[w])).sum::<u64>())
        });
        let words = || tokens.iter().flat_map(|(_, words)| words.clone());
        let postings: u64 = words().map(|w| u64::from(self.counts[w])).sum();
        let bytes: u64 = words().map(|w| self.places[w + 1] - self.places[w]).sum();
        let read = bytes.saturating_mul(scored.len() as u64) / self.len().max(1) as u64;
        if postings.saturating_add(read.saturating_mul(5) / 2) > budget {
            return None;
        }
        let mut docs: Vec<u32> = scored.iter().map(|s| s.0).collect();
        // Per article, the places where the phrase may start: first where
        // the first token is, then only those the others follow.
        let (shift, words) = tokens[0].clone();
        let mut starts = self.places_in(words, &docs).back(shift);
        for (shift, words) in tokens.into_iter().skip(1) {
            let kept: Vec<bool> = (0..docs.len()).map(|slot| !starts.of(slot).is_empty()).collect();
            let mut keep = kept.iter();
            docs.retain(|_| *keep.next().unwrap_or(&false));
            starts = starts.only(&kept);
            if docs.is_empty() {
                break;
            }
            starts = self.followed(&starts, &docs, words, shift);
        }
        let found: Vec<u32> = docs
            .iter()
            .enumerate()
            .filter(|&(slot, _)| !starts.of(slot).is_empty())
            .map(|(_, &d)| d)
            .collect();
        Some(scored.iter().filter(|s| found.binary_search(&s.0).is_ok()).copied().collect())
    }

    /// The places of the `words` in each of the articles `docs`
    /// (ascending): all of them together, in order, per article.
    fn places_in(&self, words: std::ops::Range<usize>, docs: &[u32]) -> Places {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let slots = self.slots(docs);
        for word in words {
            self.each_group_in(word, &slots, |slot, group| {
                pairs.extend(positions(group).map(|p| (slot as u32, p)))
            });
        }
        // Several words' pairs interleave; one word's are in order already,
        // which the sort sees in one pass.
        pairs.sort_unstable();
        // Each article's end counted in one pass: a search per article of
        // millions of pairs (a word in every article) missed the cache.
        let mut ends = vec![0u32; docs.len()];
        for &(slot, _) in &pairs {
            ends[slot as usize] += 1;
        }
        for slot in 1..ends.len() {
            ends[slot] += ends[slot - 1];
        }
        Places { ends, at: pairs.into_iter().map(|p| p.1).collect() }
    }

    /// The `starts` (per article of `docs`) that one of the `words`
    /// follows `shift` places on. Every place of the words in those
    /// articles is tested against a bit per possible start (a search per
    /// place took a second when the first word is in every article), so a
    /// prefix's thousands of words cost a pass over their postings; on
    /// every core when they are many.
    fn followed(&self, starts: &Places, docs: &[u32], words: std::ops::Range<usize>, shift: u32) -> Places {
        let slots = self.slots(docs);
        // Bits `base[slot]..base[slot + 1]` stand for places 0 up to the
        // article's last start.
        let mut base = Vec::with_capacity(docs.len() + 1);
        base.push(0usize);
        for slot in 0..docs.len() {
            let extent = starts.of(slot).last().map_or(0, |&last| last as usize + 1);
            base.push(base[slot] + extent);
        }
        let bits = base[docs.len()].div_ceil(64);
        let mut is_start = vec![0u64; bits];
        for (slot, &from) in base[..docs.len()].iter().enumerate() {
            for &s in starts.of(slot) {
                let bit = from + s as usize;
                is_start[bit / 64] |= 1 << (bit % 64);
            }
        }
        let mark = |mut hit: Vec<u64>, word: usize| {
            self.each_group_in(word, &slots, |slot, group| {
                let (from, extent) = (base[slot], base[slot + 1] - base[slot]);
                for p in positions(group) {
                    let Some(s) = p.checked_sub(shift).map(|s| s as usize).filter(|&s| s < extent) else {
                        continue;
                    };
                    let bit = from + s;
                    hit[bit / 64] |= is_start[bit / 64] & (1 << (bit % 64));
                }
            });
            hit
        };
        let none = || vec![0u64; bits];
        // One share of the words per core, each marking its own copy.
        let shares = if words.len() > 64 { rayon::current_num_threads() } else { 1 };
        let (start, len) = (words.start, words.len());
        let hit = (0..shares)
            .into_par_iter()
            .map(|i| (start + len * i / shares..start + len * (i + 1) / shares).fold(none(), mark))
            .reduce(none, |a, b| a.iter().zip(&b).map(|(x, y)| x | y).collect());
        starts.filter(|slot, p| {
            let bit = base[slot] + p as usize;
            (hit[bit / 64] >> (bit % 64) & 1 == 1).then_some(p)
        })
    }

    /// For each article number, its slot in `docs`, or [`NO_SLOT`]: one
    /// look-up per posting, where a merge with `docs` cost a walk or a
    /// search (a prefix's words are each in a few of many articles).
    fn slots(&self, docs: &[u32]) -> Vec<u32> {
        let mut slots = vec![NO_SLOT; self.len()];
        for (slot, &doc) in docs.iter().enumerate() {
            slots[doc as usize] = slot as u32;
        }
        slots
    }

    /// Calls `each` with the slot (see [`Index::slots`]) and the group of
    /// places of every posting of `word` in an article that has one. The
    /// weights are skipped unread: this is the inner loop of a phrase
    /// ending in a short prefix, millions of postings.
    fn each_group_in(&self, word: usize, slots: &[u32], mut each: impl FnMut(usize, &[u8])) {
        let (postings, groups) = (self.postings.get(self.posting_range(word)), self.groups(word));
        let (mut at, mut from, mut doc) = (0, 0, 0u32);
        while at < postings.len() {
            let (Some(gap), Some(len)) = (get_varint(postings, &mut at), get_varint(groups, &mut from))
            else {
                return;
            };
            // The weight: its last byte has the high bit clear.
            at += postings[at.min(postings.len())..]
                .iter()
                .position(|b| b & 0x80 == 0)
                .map_or(postings.len(), |i| i + 1);
            doc = doc.wrapping_add(gap as u32);
            let start = from;
            from = from.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
            if let Some(&slot) = slots.get(doc as usize)
                && slot != NO_SLOT
            {
                let Some(group) = groups.get(start..from) else { return };
                each(slot as usize, group);
            }
        }
    }

    /// Ranked articles meeting every clause of the query, best first; ties
    /// keep collection order.
    pub fn search(&self, query: &Query) -> Vec<Found> {
        self.search_within(query, u64::MAX).0
    }

    /// Like [`Index::search`], but a phrase whose check would take more
    /// than `budget` (see [`KEYSTROKE_BUDGET`]) is found as its words
    /// anywhere in the article, as unquoted words are; the second value
    /// says whether every phrase was checked (the results are exact).
    pub fn search_within(&self, query: &Query, budget: u64) -> (Vec<Found>, bool) {
        let n = self.len();
        let mut exact = true;
        if query.is_empty() || n == 0 {
            return (Vec::new(), exact);
        }
        // A listed prefix alone (the first keystrokes of a search) comes
        // ranked from its list: sorting a million results took 10 ms.
        if let [Clause::Any(group)] = query.terms.as_slice()
            && let [term] = group.as_slice()
            && let ([token], true) = (term.tokens.as_slice(), term.prefix)
            && let Some(listed) = self.listed(token)
        {
            return (
                listed.map(|(article, score)| Found { article: article as usize, score }).collect(),
                true,
            );
        }
        let mut result: Option<Vec<(u32, f32)>> = None;
        let mut excluded = Vec::new();
        for clause in &query.terms {
            match clause {
                Clause::Any(group) => {
                    let mut terms = group.iter().map(|t| self.term_scores(t, budget, &mut exact));
                    let first = terms.next().unwrap_or_default();
                    let union = terms.fold(first, |all, next| either(&all, &next));
                    result = Some(match result {
                        Some(all) => both(&all, &union),
                        None => union,
                    });
                }
                Clause::Not(term) => excluded.push(self.term_scores(term, budget, &mut exact)),
            }
        }
        // Only exclusions: everything else, unranked.
        let mut result = result.unwrap_or_else(|| (0..n as u32).map(|d| (d, 0.0)).collect());
        for gone in excluded {
            result = without(&result, &gone);
        }
        // Best first, ties by article: one number each, score above article.
        let mut keys: Vec<u64> =
            result.into_iter().map(|(d, score)| u64::from(!order_bits(score)) << 32 | u64::from(d)).collect();
        sort_by_score(&mut keys);
        let found = keys
            .into_iter()
            .map(|k| Found { article: k as u32 as usize, score: from_order_bits(!((k >> 32) as u32)) })
            .collect();
        (found, exact)
    }
}

/// Sorts search results' keys (see [`Index::search`]), which come in
/// article order, into key order. A short prefix matches most articles:
/// comparing a million keys took 40-60 ms a keystroke, where a stable
/// radix sort of the score half (three passes of 11 bits, a pass skipped
/// when every key has the same digit) leaves ties in article order in a
/// few. (Postings from a damaged cache may come out of order: their ties
/// then keep that order, which harms nothing.)
fn sort_by_score(keys: &mut Vec<u64>) {
    const BITS: u32 = 11;
    if keys.len() < 1 << BITS {
        keys.sort_unstable();
        return;
    }
    const SHIFTS: [u32; 3] = [32, 32 + BITS, 32 + 2 * BITS];
    let digit = |k: u64, shift: u32| (k >> shift) as usize & ((1 << BITS) - 1);
    // The three passes' counts in one read of the keys.
    let mut counts = vec![[0u32; 3]; 1 << BITS];
    for &k in keys.iter() {
        for (pass, &shift) in SHIFTS.iter().enumerate() {
            counts[digit(k, shift)][pass] += 1;
        }
    }
    let mut sorted = vec![0u64; keys.len()];
    for (pass, &shift) in SHIFTS.iter().enumerate() {
        if counts.iter().any(|c| c[pass] as usize == keys.len()) {
            continue;
        }
        let mut starts = vec![0usize; 1 << BITS];
        let mut at = 0;
        for (start, count) in starts.iter_mut().zip(&counts) {
            (*start, at) = (at, at + count[pass] as usize);
        }
        for &k in keys.iter() {
            let slot = &mut starts[digit(k, shift)];
            sorted[*slot] = k;
            *slot += 1;
        }
        std::mem::swap(keys, &mut sorted);
    }
}

/// `score`'s bits as a number in the order of `f32::total_cmp`.
fn order_bits(score: f32) -> u32 {
    let bits = score.to_bits();
    if bits >> 31 == 1 { !bits } else { bits | 1 << 31 }
}

/// The score whose [`order_bits`] are `key`.
fn from_order_bits(key: u32) -> f32 {
    f32::from_bits(if key >> 31 == 1 { key & !(1 << 31) } else { !key })
}

/// Articles in both lists (each by article number), their scores summed.
fn both(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(a.len().min(b.len())));
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Articles in either list, scores summed where in both: an article with
/// both words of `corn OR grain` ranks above one with one of them.
fn either(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let (mut i, mut j, mut out) = (0, 0, Vec::with_capacity(a.len().max(b.len())));
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                out.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                out.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (None, None) => unreachable!("the loop ends first"),
        }
    }
    out
}

/// Articles of `a` not in `b`.
fn without(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    a.iter().filter(|(d, _)| b.binary_search_by_key(d, |x| x.0).is_err()).copied().collect()
}

/// The most work checking a quoted phrase may take in one keystroke, on
/// the thread that answers keys: in postings walked (every posting of
/// every word of the phrase: about 2 ns each) plus bytes of places read in
/// the articles looked at (an estimate, their share of the words' places:
/// about 5 ns each, so they count 2.5 times); about 5 ms on a 2-core
/// machine, so that a keystroke, drawing included, stays within 16 ms.
/// Past it (`"mutacor m`: the postings of every word starting with m, and
/// the places of both words in a fifth of 100,000 articles; `"sete ro"`
/// in a million), the keystroke finds the phrase's words anywhere in the
/// article, as unquoted words are found, and the exact check is left to a
/// worker.
pub const KEYSTROKE_BUDGET: u64 = 2_500_000;

/// A short prefix whose words' postings number at least this many gets a
/// list (see [`Lists`]): walking them takes about half a millisecond, and
/// a two-letter prefix's take 50-100 ms at a million articles.
const LIST_FROM: u64 = 1 << 18;

/// The longest prefix listed, in characters: three-letter prefixes still
/// took 40-60 ms a keystroke at a million articles.
const LISTED_CHARS: usize = 3;

/// The results of the short prefixes that are costly to search, computed
/// when the index is built: the first keystrokes of a search would
/// otherwise walk a large share of all postings (a two-letter prefix of a
/// million articles, tens of millions). Per listed prefix, every article
/// with a word it begins, best first as a search ranks them (ties by
/// article number), each as its number (four bytes) and that word's term
/// frequency in quarters (see [`Index::prefix_quarters`], a
/// variable-length integer): the prefix typed alone is answered in order,
/// with no sort, and its scores are weighed as they are read, as a word's
/// are. In the cache they are used where they lie.
#[derive(Debug, Default)]
struct Lists {
    /// Sorted, unique prefixes.
    prefixes: Vec<Box<str>>,
    /// How many articles each prefix is in (its document frequency).
    counts: Vec<u32>,
    /// `bytes[ends[i]..ends[i + 1]]` is `prefixes[i]`'s list.
    ends: Vec<u64>,
    bytes: Bytes,
}

/// Marks an article that is not among those looked at (see
/// [`Index::slots`]).
const NO_SLOT: u32 = u32::MAX;

/// A posting (article number and weight) with its group of places.
type Placed<'a> = (u32, u16, &'a [u8]);

/// Places per article, for a list of articles: `at[ends[slot - 1]..
/// ends[slot]]` are those in the article in `slot`, ascending.
struct Places {
    ends: Vec<u32>,
    at: Vec<u32>,
}

impl Places {
    fn of(&self, slot: usize) -> &[u32] {
        &self.at[self.first(slot)..self.ends[slot] as usize]
    }

    /// Where the places of the article in `slot` begin in `at`.
    fn first(&self, slot: usize) -> usize {
        if slot == 0 { 0 } else { self.ends[slot - 1] as usize }
    }

    /// What `keep` gives for each place (in the same order), per article.
    fn filter(&self, mut keep: impl FnMut(usize, u32) -> Option<u32>) -> Places {
        let mut out = Places { ends: Vec::with_capacity(self.ends.len()), at: Vec::new() };
        for slot in 0..self.ends.len() {
            out.at.extend(self.of(slot).iter().filter_map(|&p| keep(slot, p)));
            out.ends.push(out.at.len() as u32);
        }
        out
    }

    /// Each place moved back by `shift` (none before the start).
    fn back(&self, shift: u32) -> Places {
        self.filter(|_, p| p.checked_sub(shift))
    }

    /// Only the articles whose slot is `kept`.
    fn only(&self, kept: &[bool]) -> Places {
        let mut out = Places { ends: Vec::new(), at: Vec::new() };
        for slot in (0..self.ends.len()).filter(|&slot| kept[slot]) {
            out.at.extend_from_slice(self.of(slot));
            out.ends.push(out.at.len() as u32);
        }
        out
    }
}

/// A word's groups of places, one per posting in order: each its length
/// in bytes, then the places as gaps. A damaged group (only a forged
/// cache has one) reads as empty, as does every one after it.
struct Groups<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Groups<'a> {
    fn new(bytes: &'a [u8]) -> Groups<'a> {
        Groups { bytes, pos: 0 }
    }
}

impl<'a> Iterator for Groups<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let mut at = self.pos;
        let group = get_varint(self.bytes, &mut at)
            .and_then(|len| usize::try_from(len).ok())
            .and_then(|len| self.bytes.get(at..at.checked_add(len)?));
        match group {
            Some(group) => {
                self.pos = at + group.len();
                Some(group)
            }
            None => {
                self.pos = self.bytes.len();
                Some(&[])
            }
        }
    }
}

/// Appends a group of places (ascending): its length, then the gaps.
fn put_group(out: &mut Vec<u8>, places: &[u32]) {
    let gaps = || places.iter().scan(0, |previous, &p| Some(p - std::mem::replace(previous, p)));
    put_varint(out, gaps().map(|g| varint_len(u64::from(g))).sum::<usize>() as u64);
    for gap in gaps() {
        put_varint(out, u64::from(gap));
    }
}

/// The places in a group (without its length), ascending; a damaged
/// group ends early.
fn positions(group: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let (mut at, mut place) = (0, None::<u32>);
    std::iter::from_fn(move || {
        let gap = u32::try_from(get_varint(group, &mut at)?).ok()?;
        let next = match place {
            None => gap,
            Some(p) if gap > 0 => p.checked_add(gap)?,
            Some(_) => return None,
        };
        place = Some(next);
        Some(next)
    })
}

/// One word's postings, decoded as they are read.
struct Postings<'a> {
    bytes: &'a [u8],
    pos: usize,
    doc: u32,
}

impl Iterator for Postings<'_> {
    type Item = (u32, u16);

    fn next(&mut self) -> Option<(u32, u16)> {
        let gap = get_varint(self.bytes, &mut self.pos)?;
        let weight = get_varint(self.bytes, &mut self.pos)?;
        self.doc = self.doc.wrapping_add(gap as u32);
        Some((self.doc, weight as u16))
    }
}

/// Encodes the words `all[..]` (sorted, each with where its postings
/// are: see [`Index::from_sorted`]) into a piece of an index: words,
/// counts and postings. A word with no postings left is dropped.
fn encode_words<'a>(all: &[(&str, u32, u32)], gather: &impl Fn(u32, u32, &mut Vec<Placed<'a>>)) -> Index {
    let mut piece = Index { offsets: vec![0], places: vec![0], ..Index::default() };
    let mut postings: Vec<Placed<'a>> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let word = all[i].0;
        postings.clear();
        while i < all.len() && all[i].0 == word {
            gather(all[i].1, all[i].2, &mut postings);
            i += 1;
        }
        if postings.is_empty() {
            continue;
        }
        // Parts moved about by a combine may interleave.
        if !postings.is_sorted_by_key(|p| p.0) {
            postings.sort_unstable_by_key(|p| p.0);
        }
        piece.words.push(word.into());
        piece.push_postings(&postings);
    }
    piece
}

/// One worker's share of the index under construction: its own
/// vocabulary, each word numbered once, and postings by word number.
#[derive(Default)]
struct Table {
    ids: HashMap<Box<str>, u32>,
    /// By word number: (article number in this table, weight).
    postings: Vec<Vec<(u32, u16)>>,
    /// By word number: a group of places per posting (see [`put_group`]).
    groups: Vec<Vec<u8>>,
    /// Per article: its tokens (title included), and its words for the
    /// reading time (key points and body, see [`word_count`]).
    lengths: Vec<u32>,
    words: Vec<u32>,
    /// The article being added, folded, and its tokens in it with their
    /// weights and places: scratch space reused from article to article,
    /// like the fields below it.
    folded: String,
    spans: Vec<(u32, u32, u32, u32)>,
    /// Fields added so far: a place is skipped after each.
    fields: u32,
    /// Per distinct word of the article (numbered as met): its weight, and
    /// where its places start in `sorted`; per token, its word's number.
    weights: Vec<u32>,
    starts: Vec<u32>,
    of_span: Vec<u32>,
    /// The article's places, grouped by word.
    sorted: Vec<u32>,
}

impl Table {
    fn add(&mut self, article: &Article) {
        let doc = self.lengths.len() as u32;
        self.folded.clear();
        self.spans.clear();
        self.fields = 0;
        let body = article.body.as_deref().map_or(&[][..], |t| &t.body[..]);
        // The title is not read as part of the text: no words of its own.
        let fields = std::iter::once((article.title.as_str(), TITLE_WEIGHT, false))
            .chain(article.key_points.iter().map(|p| (p.as_str(), KEY_POINT_WEIGHT, true)))
            .chain(body.iter().map(|p| (p.as_str(), BODY_WEIGHT, true)));
        let mut words = 0;
        for (text, weight, read) in fields {
            let counted = self.fold_and_split(text, weight);
            words += if read { counted } else { 0 };
        }
        // Numbered and weighed per article in a small table (it stays in
        // the cache), then each distinct word looked up once in the
        // worker's large one.
        let mut local: HashMap<&str, u32> = HashMap::with_capacity_and_hasher(1024, Default::default());
        self.weights.clear();
        self.of_span.clear();
        for &(s, e, weight, _) in &self.spans {
            let next = local.len() as u32;
            let id = *local.entry(&self.folded[s as usize..e as usize]).or_insert(next);
            if id == next {
                self.weights.push(0);
            }
            self.weights[id as usize] += weight;
            self.of_span.push(id);
        }
        // Each word's places together, in reading order: placed by
        // counting, after which `starts[id]` is where word `id`'s end.
        self.starts.clear();
        self.starts.resize(local.len() + 1, 0);
        for &id in &self.of_span {
            self.starts[id as usize + 1] += 1;
        }
        for i in 1..self.starts.len() {
            self.starts[i] += self.starts[i - 1];
        }
        self.sorted.resize(self.spans.len(), 0);
        for (&id, span) in self.of_span.iter().zip(&self.spans) {
            let slot = &mut self.starts[id as usize];
            self.sorted[*slot as usize] = span.3;
            *slot += 1;
        }
        for (word, id) in local {
            let id = id as usize;
            let begin = if id == 0 { 0 } else { self.starts[id - 1] as usize };
            let places = &self.sorted[begin..self.starts[id] as usize];
            let weight = self.weights[id].min(u32::from(u16::MAX)) as u16;
            let w = match self.ids.get(word) {
                Some(&w) => w as usize,
                None => {
                    self.ids.insert(Box::from(word), self.postings.len() as u32);
                    self.postings.push(Vec::new());
                    self.groups.push(Vec::new());
                    self.postings.len() - 1
                }
            };
            self.postings[w].push((doc, weight));
            put_group(&mut self.groups[w], places);
        }
        self.lengths.push(self.spans.len() as u32);
        self.words.push(words as u32);
    }

    /// Appends one field, folded, to the article's text and its tokens to
    /// the spans; returns its words for the reading time.
    fn fold_and_split(&mut self, text: &str, weight: u32) -> usize {
        let base = self.folded.len();
        // A token's place is its number in the article, plus one for each
        // field before this one.
        let skip = self.fields;
        self.fields += 1;
        if !text.is_ascii() {
            // Folding may change lengths and what a word is: fold, then split.
            fold_into(text, &mut self.folded);
            for (s, e) in tokens(&self.folded[base..]) {
                let place = self.spans.len() as u32 + skip;
                self.spans.push(((base + s) as u32, (base + e) as u32, weight, place));
            }
            self.folded.push('\n');
            return word_count(text);
        }
        // ASCII, most of most text: fold (lower-case) and split in one pass
        // over the bytes, counting whitespace-separated words on the way.
        let (mut words, mut space, mut start) = (0, true, None);
        for (i, b) in text.bytes().enumerate() {
            // What `char::is_whitespace` says of ASCII.
            let is_space = matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
            words += usize::from(space && !is_space);
            space = is_space;
            if b.is_ascii_alphanumeric() {
                start.get_or_insert(i);
            } else if let Some(s) = start.take() {
                let place = self.spans.len() as u32 + skip;
                self.spans.push(((base + s) as u32, (base + i) as u32, weight, place));
            }
        }
        if let Some(s) = start {
            let place = self.spans.len() as u32 + skip;
            self.spans.push(((base + s) as u32, (base + text.len()) as u32, weight, place));
        }
        self.folded.push_str(text);
        self.folded[base..].make_ascii_lowercase();
        self.folded.push('\n');
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Meta, Origin};

    #[test]
    fn results_sorted_by_radix_come_as_sorting_by_comparison_puts_them() {
        // Keys as a search makes them: articles ascending, scores from a
        // few common values (ties) and many scattered ones.
        let mut seed = 7u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in [0, 5, 2047, 2048, 100_000] {
            let keys: Vec<u64> = (0..n as u32)
                .map(|d| {
                    let r = next();
                    let score = if r % 3 == 0 { (r % 5) as f32 } else { (r >> 40) as f32 / 7.0 };
                    u64::from(!order_bits(score)) << 32 | u64::from(d)
                })
                .collect();
            let (mut radix, mut compared) = (keys.clone(), keys);
            sort_by_score(&mut radix);
            compared.sort_unstable();
            assert_eq!(radix, compared, "{n} keys");
        }
    }

    #[test]
    fn scores_keep_their_order_and_value_as_sort_keys() {
        let scores = [f32::NEG_INFINITY, -2.5, -0.0, 0.0, 1e-30, 0.75, 3.0, f32::INFINITY];
        for pair in scores.windows(2) {
            assert!(order_bits(pair[0]) < order_bits(pair[1]), "{pair:?}");
        }
        for score in scores {
            assert_eq!(from_order_bits(order_bits(score)).to_bits(), score.to_bits());
        }
    }

    fn article(title: &str, points: &[&str], body: &[&str]) -> Article {
        Article::new(
            Origin::Embedded("t.txt"),
            Some(title.into()),
            Meta::default(),
            points.iter().map(|s| s.to_string()).collect(),
            body.iter().map(|s| s.to_string()).collect(),
            None,
        )
    }

    /// Titles of the results, best first.
    fn titles(articles: &[Article], q: &str) -> Vec<String> {
        let index = Index::build(articles);
        index.search(&Query::parse(q)).iter().map(|f| articles[f.article].title.clone()).collect()
    }

    /// Titles of the results, sorted.
    fn found(articles: &[Article], q: &str) -> Vec<String> {
        let mut titles = titles(articles, q);
        titles.sort();
        titles
    }

    #[test]
    fn all_terms_must_match_in_any_order() {
        let a = [
            article("Ferries", &["Battery ferries."], &[]),
            article("Trains", &["Night trains."], &["No ferries here, only batteries."]),
            article("Bikes", &[], &["Nothing relevant."]),
        ];
        assert_eq!(titles(&a, "ferries batteries "), ["Trains"]);
        assert_eq!(titles(&a, "battery ferries "), ["Ferries"]);
        assert_eq!(titles(&a, "batter"), ["Ferries", "Trains"]);
        assert!(titles(&a, "zebra").is_empty());
    }

    #[test]
    fn title_outranks_key_points_outranks_body() {
        let a = [
            article("Other", &[], &["The harbour is busy."]),
            article("Other too", &["A harbour story."], &[]),
            article("Harbour news", &[], &[]),
        ];
        assert_eq!(titles(&a, "harbour "), ["Harbour news", "Other too", "Other"]);
    }

    #[test]
    fn rare_words_count_more_than_common_ones() {
        let mut a: Vec<Article> =
            (0..20).map(|i| article(&format!("n{i}"), &[], &["common words here"])).collect();
        a.push(article("rare", &[], &["common"]));
        a.push(article("both", &[], &["zeppelin"]));
        a.push(article("mix", &[], &["common zeppelin"]));
        let index = Index::build(&a);
        let found = index.search(&Query::parse("zeppelin "));
        assert_eq!(found.len(), 2);
        let common = index.search(&Query::parse("common "));
        let zep = found.iter().find(|f| a[f.article].title == "mix").unwrap().score;
        let com = common.iter().find(|f| a[f.article].title == "mix").unwrap().score;
        assert!(zep > com, "{zep} > {com}");
    }

    #[test]
    fn listed_prefixes_score_as_their_words_do() {
        let a: Vec<Article> = ["harbour ferries", "heavy rain", "a hat", "no match", "Hé ho"]
            .iter()
            .enumerate()
            .map(|(i, t)| article(&format!("t{i}"), &[t], &["hello there"]))
            .collect();
        let mut index = Index::build(&a);
        index.list_prefixes(0);
        let fast: Vec<_> = ["h", "he", "hé", "ha"].map(|q| index.search(&Query::parse(q))).into();
        assert!(index.lists.prefixes.iter().any(|p| &**p == "he"));
        index.list_prefixes(u64::MAX);
        assert!(index.lists.prefixes.is_empty());
        let slow: Vec<_> = ["h", "he", "hé", "ha"].map(|q| index.search(&Query::parse(q))).into();
        assert_eq!(fast, slow);
        assert_eq!(fast[0].len(), a.len());
    }

    /// As on a Reuters folder: three stories on the company Corning, named
    /// once each in the title, and one on corn, 13 times in its body.
    fn corn_and_corning() -> Vec<Article> {
        let mut a: Vec<Article> = (0..20)
            .map(|i| article(&format!("Filler {i}"), &[], &["Shares were little changed in quiet trade."]))
            .collect();
        for company in ["Corning raises dividend", "Corning to buy lab unit", "Corning sees higher profit"] {
            a.push(article(company, &[], &["The glass maker said on Monday its board had agreed."]));
        }
        let corn: Vec<String> = (0..13)
            .map(|i| format!("Corn sale number {i} was reported by exporters, and more corn is expected."))
            .collect();
        let corn: Vec<&str> = corn.iter().map(String::as_str).collect();
        a.push(article("Export sales", &[], &corn));
        for i in 0..4 {
            a.push(article(
                &format!("Crop report {i}"),
                &[],
                &["Corn and soybean planting is ahead of normal."],
            ));
        }
        a
    }

    #[test]
    fn a_whole_word_outranks_longer_words_it_begins() {
        let a = corn_and_corning();
        let typed = titles(&a, "corn");
        assert_eq!(typed[0], "Export sales", "{typed:?}");
        // Every story with the word itself ranks above those with only a
        // longer word, and type-ahead still finds those.
        let corning = typed.iter().position(|t| t.starts_with("Corning")).unwrap();
        assert!(typed[..corning].iter().all(|t| !t.starts_with("Corning")));
        assert_eq!(typed[corning..].len(), 3, "{typed:?}");
        assert_eq!(typed.len(), 8);
        // The prefixes' lists rank by the same rule.
        let mut index = Index::build(&a);
        index.list_prefixes(0);
        let fast = [index.search(&Query::parse("c")), index.search(&Query::parse("co"))];
        index.list_prefixes(u64::MAX);
        assert_eq!(fast, [index.search(&Query::parse("c")), index.search(&Query::parse("co"))]);
    }

    #[test]
    fn a_longer_word_in_the_title_does_not_beat_the_word_once_in_the_body() {
        let a = [
            article("Cornerstone laid", &[], &["A new school is on its way."]),
            article("Farm news", &[], &["The corn harvest is late this year."]),
        ];
        assert_eq!(titles(&a, "corn"), ["Farm news", "Cornerstone laid"]);
        // With nothing typed whole, the longer words rank as before.
        assert_eq!(titles(&a, "corne"), ["Cornerstone laid"]);
    }

    #[test]
    fn or_is_a_union_and_minus_excludes() {
        let a = [
            article("Corn", &[], &["corn only"]),
            article("Grain", &[], &["grain only"]),
            article("Both", &[], &["corn and grain"]),
            article("Neither", &[], &["rice"]),
        ];
        assert_eq!(titles(&a, "corn OR grain "), ["Both", "Corn", "Grain"], "both words rank first");
        assert_eq!(titles(&a, "corn | grain -grain"), ["Corn"]);
        assert_eq!(titles(&a, "only -corn"), ["Grain"]);
        assert_eq!(titles(&a, "-corn"), ["Grain", "Neither"], "exclusions alone narrow everything");
        assert_eq!(titles(&a, "corn OR \"and grain\""), ["Both", "Corn"]);
        assert_eq!(titles(&a, "corn -\"and grain\""), ["Corn"], "an excluded phrase");
        assert_eq!(titles(&a, "-\"and grain\""), ["Corn", "Grain", "Neither"]);
    }

    #[test]
    fn phrases_need_their_words_in_sequence() {
        let a = [article("A", &[], &["the quick brown fox"]), article("B", &[], &["brown and quick"])];
        assert_eq!(titles(&a, "\"quick brown\""), ["A"]);
        let mut loose = titles(&a, "quick brown ");
        loose.sort();
        assert_eq!(loose, ["A", "B"]);
        assert!(titles(&a, "\"brown quick\"").is_empty());
        assert_eq!(titles(&a, "\"the quick brown fox\""), ["A"]);
        assert!(titles(&a, "\"the quick fox\"").is_empty(), "a word between");
    }

    #[test]
    fn phrases_cross_punctuation_but_not_fields() {
        let a = [
            article("Harbour", &["Ferries run late."], &["Night, trains run.", "Rain falls"]),
            article("Rain", &["Late ferries"], &["rain, falls; trains."]),
        ];
        assert_eq!(titles(&a, "\"night trains\""), ["Harbour"], "across a comma");
        assert_eq!(found(&a, "\"rain falls\""), ["Harbour", "Rain"]);
        assert!(titles(&a, "\"harbour ferries\"").is_empty(), "title and key point are two fields");
        assert!(titles(&a, "\"late night\"").is_empty(), "key point and paragraph too");
        assert!(titles(&a, "\"run rain\"").is_empty(), "and two paragraphs");
        assert_eq!(titles(&a, "\"rain ferries\""), Vec::<String>::new());
    }

    #[test]
    fn the_last_word_of_an_open_phrase_is_a_prefix() {
        let a = [
            article("A", &[], &["prices of corn rose"]),
            article("B", &[], &["prices of cornflour fell"]),
            article("C", &[], &["of corn, prices"]),
        ];
        assert_eq!(found(&a, "\"of corn"), ["A", "B", "C"]);
        assert_eq!(found(&a, "\"prices of c"), ["A", "B"]);
        assert_eq!(titles(&a, "\"prices of cornf"), ["B"]);
        assert_eq!(titles(&a, "\"prices of corn\""), ["A"], "closed: whole words");
        assert!(titles(&a, "\"prices of x").is_empty());
        // Past the budget, a phrase, open or closed, is left unchecked: the
        // search finds its words anywhere and says it is not exact.
        let index = Index::build(&a);
        let term = |q: &str| match &Query::parse(q).terms[0] {
            Clause::Any(terms) => terms[0].clone(),
            Clause::Not(_) => unreachable!(),
        };
        let all: Vec<(u32, f32)> = (0..3).map(|d| (d, 1.0)).collect();
        let docs = |found: Vec<(u32, f32)>| found.iter().map(|f| f.0).collect::<Vec<_>>();
        assert_eq!(index.in_sequence(&term("\"of corn p"), &all, 0), None);
        assert_eq!(docs(index.in_sequence(&term("\"of corn p"), &all, u64::MAX).unwrap()), [2]);
        assert_eq!(docs(index.in_sequence(&term("\"prices of corn\""), &all, u64::MAX).unwrap()), [0]);
        let articles = |(found, exact): (Vec<Found>, bool)| {
            let mut articles: Vec<usize> = found.iter().map(|f| f.article).collect();
            articles.sort();
            (articles, exact)
        };
        let closed = Query::parse("\"prices of corn\"");
        assert_eq!(articles(index.search_within(&closed, 0)), (vec![0, 2], false), "its words, anywhere");
        assert_eq!(articles(index.search_within(&closed, u64::MAX)), (vec![0], true));
        assert_eq!(
            articles(index.search_within(&Query::parse("prices corn "), 0)),
            (vec![0, 2], true),
            "no phrase"
        );
    }

    #[test]
    fn words_that_fold_to_several_tokens_match_in_sequence() {
        let a = [
            article("Mail", &[], &["Send an e-mail today."]),
            article("Loose", &[], &["e and then mail"]),
            article("Tea", &[], &["駅前の喫茶店で会う"]),
            article("Shop", &[], &["喫茶と店"]),
        ];
        assert_eq!(titles(&a, "e-mail "), ["Mail"]);
        assert_eq!(titles(&a, "喫茶店"), ["Tea"]);
    }

    fn results(index: &Index, articles: &[Article], q: &str) -> Vec<(String, f32)> {
        let mut found: Vec<(String, f32)> = index
            .search(&Query::parse(q))
            .iter()
            .map(|f| (articles[f.article].title.clone(), f.score))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    #[test]
    fn combined_parts_search_like_one_build() {
        let texts =
            ["harbour ferries run", "heavy rain at the harbour", "a hat", "ferries and trains", "rain"];
        let a: Vec<Article> =
            texts.iter().enumerate().map(|(i, t)| article(&format!("t{i}"), &[t], &["harbour"])).collect();
        let whole = Index::build(&a);
        // Built in two pieces, as the loader does batch by batch.
        let parts = [
            Part { index: std::sync::Arc::new(Index::build(&a[..2])), place: vec![Some(0), Some(1)] },
            Part {
                index: std::sync::Arc::new(Index::build(&a[2..])),
                place: vec![Some(2), Some(3), Some(4)],
            },
        ];
        let combined = Index::combine(&parts, a.len());
        for q in ["harbour ", "ferries", "h", "rain harbour ", "zebra", "\"heavy rain", "\"ferries run\""] {
            let (x, y) = (results(&whole, &a, q), results(&combined, &a, q));
            assert_eq!(x.len(), y.len(), "{q}");
            for (x, y) in x.iter().zip(&y) {
                assert_eq!(x.0, y.0, "{q}");
                assert!((x.1 - y.1).abs() < 1e-4, "{q}: {} vs {}", x.1, y.1);
            }
        }
        // An article gone and the rest moved: as if built from the new order.
        let moved: Vec<Article> = [4, 0, 2, 3].iter().map(|&i| a[i].clone()).collect();
        let place = vec![Some(1), None, Some(2), Some(3), Some(0)];
        let remapped = Index::combine(&[Part { index: std::sync::Arc::new(whole), place }], moved.len());
        let fresh = Index::build(&moved);
        for q in ["harbour ", "ferries", "h", "rain", "\"heavy rain", "\"ferries and t", "-\"a hat\""] {
            assert_eq!(results(&remapped, &moved, q), results(&fresh, &moved, q), "{q}");
        }
    }

    /// The one-pass ASCII scanner against the general path it stands in
    /// for (fold, then split; words counted by their definition).
    #[test]
    fn the_one_pass_scanner_agrees_with_fold_then_split() {
        let texts = [
            "",
            "  ",
            "Plain words, and\tTABS\r\nand lines.",
            "e-mail x2 3.14 O'Brien's 1,000,000 under_score",
            "\u{b}vertical\u{c}feed  double  space ",
            "trailing123",
            "Café Straße Łódź",
            "喫茶店で珈琲 and more",
            "ΣΊΣΥΦΟΣ 'quoted' “curly”",
            "a\u{301}b Ｆｕｌｌ",
        ];
        for text in texts {
            let mut table = Table::default();
            let words = table.fold_and_split(text, BODY_WEIGHT);
            let got: Vec<&str> =
                table.spans.iter().map(|&(s, e, _, _)| &table.folded[s as usize..e as usize]).collect();
            let mut folded = String::new();
            fold_into(text, &mut folded);
            let want: Vec<&str> = tokens(&folded).map(|(s, e)| &folded[s..e]).collect();
            assert_eq!(got, want, "{text:?}");
            assert_eq!(words, word_count(text), "{text:?}");
        }
    }

    #[test]
    fn word_counts_come_from_the_indexer_and_leave_the_title_out() {
        let a = [
            article("Title words not counted", &["one two"], &["three  four five"]),
            article("T", &[], &["喫茶店で珈琲"]),
        ];
        let (_, words) = Index::build_part_counting(&a);
        // Six Han and kana characters read as four words.
        assert_eq!(words, [5, 4]);
    }
}
