//! The collection's inverted index: for every word, the articles it occurs
//! in and how often, weighted by field.
//!
//! Ranking is BM25 (k1 = 1.2, b = 0.75) over a field-weighted term frequency:
//! an occurrence in the title counts 3, in a key point 2, in the body 1, so
//! title matches outrank key-point matches, which outrank body matches;
//! repeated words count more, with diminishing returns; rare words (high
//! inverse document frequency) count more than common ones; long articles
//! are not favoured just for being long. A prefix word sums over the words
//! it expands to.
//!
//! Postings are stored flat (compressed-row style): one array of article
//! numbers and one of weights, sliced per word, so the index costs about six
//! bytes per (word, article) pair.

use rayon::prelude::*;

use super::fold::{fold_into, tokens};
use super::{Fields, FoldedArticle, Query, Term};
use crate::article::Article;

const TITLE_WEIGHT: u32 = 3;
const KEY_POINT_WEIGHT: u32 = 2;
const BODY_WEIGHT: u32 = 1;
const K1: f32 = 1.2;
const B: f32 = 0.75;

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
    offsets: Vec<u32>,
    docs: Vec<u32>,
    weights: Vec<u16>,
    doc_len: Vec<u32>,
    avg_len: f32,
}

impl Index {
    pub fn build(articles: &[Article]) -> Index {
        // Per article, in parallel: its words with weighted counts.
        let per_doc: Vec<DocTerms> = articles.par_iter().map(doc_terms).collect();
        let mut table: std::collections::HashMap<Box<str>, Vec<(u32, u16)>> =
            std::collections::HashMap::new();
        let mut doc_len = Vec::with_capacity(articles.len());
        for (doc, (terms, len)) in per_doc.into_iter().enumerate() {
            doc_len.push(len);
            for (word, weight) in terms {
                table.entry(word).or_default().push((doc as u32, weight));
            }
        }
        let mut entries: Vec<_> = table.into_iter().collect();
        entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let total: usize = entries.iter().map(|e| e.1.len()).sum();
        let mut index = Index {
            words: Vec::with_capacity(entries.len()),
            offsets: Vec::with_capacity(entries.len() + 1),
            docs: Vec::with_capacity(total),
            weights: Vec::with_capacity(total),
            avg_len: doc_len.iter().map(|&l| l as f32).sum::<f32>() / doc_len.len().max(1) as f32,
            doc_len,
        };
        index.offsets.push(0);
        for (word, postings) in entries {
            index.words.push(word);
            for (doc, weight) in postings {
                index.docs.push(doc);
                index.weights.push(weight);
            }
            index.offsets.push(index.docs.len() as u32);
        }
        index
    }

    pub fn len(&self) -> usize {
        self.doc_len.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc_len.is_empty()
    }

    /// Approximate heap size in bytes, for reports.
    pub fn heap_bytes(&self) -> usize {
        self.words.iter().map(|w| w.len() + 16).sum::<usize>()
            + self.offsets.len() * 4
            + self.docs.len() * 4
            + self.weights.len() * 2
            + self.doc_len.len() * 4
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

    fn postings(&self, word: usize) -> (&[u32], &[u16]) {
        let range = self.offsets[word] as usize..self.offsets[word + 1] as usize;
        (&self.docs[range.clone()], &self.weights[range])
    }

    /// Ranked articles matching every term, best first; ties keep
    /// collection order. Phrases are checked against the articles' text.
    pub fn search(&self, articles: &[Article], query: &Query) -> Vec<Found> {
        let n = self.len();
        if query.is_empty() || n == 0 {
            return Vec::new();
        }
        // For every token of every term: the word numbers it stands for.
        let term_words: Vec<Vec<std::ops::Range<usize>>> = query
            .terms
            .iter()
            .map(|t| {
                let last = t.tokens.len() - 1;
                t.tokens.iter().enumerate().map(|(i, tok)| self.expand(tok, t.prefix && i == last)).collect()
            })
            .collect();
        // Cheapest tokens first, so later passes only look at survivors.
        let mut steps: Vec<&std::ops::Range<usize>> = term_words.iter().flatten().collect();
        let cost = |r: &std::ops::Range<usize>| self.offsets[r.end] - self.offsets[r.start];
        steps.sort_by_key(|r| cost(r));

        let mut passed = vec![0u16; n];
        let mut score = vec![0f32; n];
        for (step, words) in steps.iter().enumerate() {
            let step = step as u16;
            for word in (*words).clone() {
                let (docs, weights) = self.postings(word);
                let df = docs.len() as f32;
                let idf = (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln();
                for (&doc, &weight) in docs.iter().zip(weights) {
                    let d = doc as usize;
                    if passed[d] < step {
                        continue;
                    }
                    passed[d] = step + 1;
                    let tf = f32::from(weight);
                    let norm = 1.0 - B + B * self.doc_len[d] as f32 / self.avg_len.max(1.0);
                    score[d] += idf * tf * (K1 + 1.0) / (tf + K1 * norm);
                }
            }
        }
        let all = steps.len() as u16;
        let phrases: Vec<&Term> = query.terms.iter().filter(|t| t.tokens.len() > 1).collect();
        let mut found: Vec<Found> = (0..n)
            .filter(|&d| passed[d] == all)
            .filter(|&d| phrases.is_empty() || has_phrases(&articles[d], &phrases))
            .map(|d| Found { article: d, score: score[d] })
            .collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.article.cmp(&b.article)));
        found
    }
}

/// An article's words with their field-weighted counts, and its length in words.
type DocTerms = (Vec<(Box<str>, u16)>, u32);

fn doc_terms(article: &Article) -> DocTerms {
    let mut counts: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut folded = String::new();
    let mut spans: Vec<(usize, usize, u32)> = Vec::new();
    let mut add = |text: &str, weight: u32, folded: &mut String| {
        let start = folded.len();
        fold_into(text, folded);
        folded.push('\n');
        spans.push((start, folded.len(), weight));
    };
    add(&article.title, TITLE_WEIGHT, &mut folded);
    for point in &article.key_points {
        add(point, KEY_POINT_WEIGHT, &mut folded);
    }
    for paragraph in &article.body {
        add(paragraph, BODY_WEIGHT, &mut folded);
    }
    let mut len = 0;
    for &(start, end, weight) in &spans {
        for (s, e) in tokens(&folded[start..end]) {
            *counts.entry(&folded[start + s..start + e]).or_default() += weight;
            len += 1;
        }
    }
    let terms = counts.into_iter().map(|(w, c)| (Box::from(w), c.min(u32::from(u16::MAX)) as u16)).collect();
    (terms, len)
}

fn has_phrases(article: &Article, phrases: &[&Term]) -> bool {
    let folded = FoldedArticle::new(article);
    let query = Query { terms: phrases.iter().map(|&t| t.clone()).collect() };
    !folded.hits(article, &query, Fields { title: true, body: true }).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Meta, Origin};

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

    fn titles(articles: &[Article], q: &str) -> Vec<String> {
        let index = Index::build(articles);
        index.search(articles, &Query::parse(q)).iter().map(|f| articles[f.article].title.clone()).collect()
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
        let found = index.search(&a, &Query::parse("zeppelin "));
        assert_eq!(found.len(), 2);
        let common = index.search(&a, &Query::parse("common "));
        let zep = found.iter().find(|f| a[f.article].title == "mix").unwrap().score;
        let com = common.iter().find(|f| a[f.article].title == "mix").unwrap().score;
        assert!(zep > com, "{zep} > {com}");
    }

    #[test]
    fn phrases_are_verified_against_the_text() {
        let a = [article("A", &[], &["the quick brown fox"]), article("B", &[], &["brown and quick"])];
        assert_eq!(titles(&a, "\"quick brown\""), ["A"]);
        let mut loose = titles(&a, "quick brown ");
        loose.sort();
        assert_eq!(loose, ["A", "B"]);
    }
}
