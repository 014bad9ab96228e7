//! Key points for articles that have none: an extractive summary of the
//! 3–5 most central sentences of the body, in article order.
//!
//! Each sentence becomes a vector of its content words (folded, stop words
//! left out) weighted by inverse sentence frequency; a sentence's
//! centrality is its summed cosine similarity to every other sentence (the
//! sentences that say what the rest of the article keeps saying), times a
//! small prior for coming early, as news puts the gist first. The best are
//! taken greedily, skipping any too similar to one already taken, and given
//! back in article order. Deterministic, and bounded: only the first
//! [`MAX_SENTENCES`] sentences are compared.

use std::collections::HashMap;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::article::{Article, ArticleText};
use crate::search::fold::{fold_into, tokens};

/// Sentences compared at most (the comparison is quadratic).
pub const MAX_SENTENCES: usize = 400;
/// Sentences shorter than this many words are not summary material.
const MIN_WORDS: usize = 6;
/// Nor are very long ones (usually lists run together).
const MAX_WORDS: usize = 70;
/// Two sentences more alike than this say the same thing.
const REDUNDANT: f32 = 0.6;

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: [&str; 33] = [
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "gov", "sen", "rep", "lt", "col", "sgt", "inc",
    "ltd", "co", "corp", "vs", "etc", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov",
];

/// Sentence byte ranges of `text`, from Unicode sentence boundaries, joined
/// where a boundary falls after an abbreviation ("Mr.", "Jan.", "U.S.") or
/// before a lower-case word, so no range is a fragment.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for (start, sentence) in text.split_sentence_bound_indices() {
        let range = start..start + sentence.len();
        let current = match pending.take() {
            Some(open) => open.start..range.end,
            None => range,
        };
        let trimmed = text[current.clone()].trim_end();
        let next_starts_lower = text[current.end..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
        if ends_with_abbreviation(trimmed) || (next_starts_lower && trimmed.ends_with('.')) {
            pending = Some(current);
        } else {
            out.push(current);
        }
    }
    out.extend(pending);
    out.into_iter()
        .map(|r| {
            let s = &text[r.clone()];
            let lead = s.len() - s.trim_start().len();
            r.start + lead..r.start + s.trim_end().len()
        })
        .filter(|r| !r.is_empty())
        .collect()
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(body) = sentence.strip_suffix('.') else { return false };
    let word = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"').next().unwrap_or("");
    // Initials and dotted abbreviations: "J.", "U.S.", "e.g."
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return true;
    }
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Common English words that carry no topic.
const STOP_WORDS: [&str; 60] = [
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is", "it", "its",
    "more", "not", "of", "on", "one", "or", "our", "s", "said", "she", "so", "than", "that", "the", "their",
    "there", "they", "this", "to", "two", "up", "was", "we", "were", "what", "when", "which", "who", "will",
    "with",
];

/// One extracted key point: a sentence of a body paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extract {
    pub paragraph: usize,
    pub range: Range<usize>,
}

/// The summary of an article's body: 3 to 5 sentences (fewer only when the
/// body has fewer), in article order.
pub fn summarize(article: &Article) -> Vec<Extract> {
    summarize_text(&article.held_body())
}

fn summarize_text(text: &ArticleText) -> Vec<Extract> {
    let mut candidates: Vec<(Extract, Vec<String>)> = Vec::new();
    'paragraphs: for (p, paragraph) in text.body.iter().enumerate() {
        // Link footnotes ("[1]: https://…") and code are not prose.
        let footnote = paragraph.starts_with('[')
            && paragraph.split_once("]: ").is_some_and(|(n, _)| n[1..].parse::<u32>().is_ok());
        if footnote || text.block_kind(p) == crate::article::BlockKind::Code {
            continue;
        }
        for range in sentences(paragraph) {
            if candidates.len() == MAX_SENTENCES {
                break 'paragraphs;
            }
            let mut folded = String::new();
            fold_into(&paragraph[range.clone()], &mut folded);
            let words: Vec<String> = tokens(&folded).map(|(s, e)| folded[s..e].to_string()).collect();
            candidates.push((Extract { paragraph: p, range }, words));
        }
    }
    let n = candidates.len();
    if n == 0 {
        return Vec::new();
    }
    let wanted = (n / 8).clamp(3, 5).min(n);

    // Content words, weighted by how few sentences use them.
    let mut df: HashMap<&str, f32> = HashMap::new();
    let bags: Vec<HashMap<&str, f32>> = candidates
        .iter()
        .map(|(_, words)| {
            let mut bag: HashMap<&str, f32> = HashMap::new();
            for w in words.iter().filter(|w| w.chars().count() > 1 && !STOP_WORDS.contains(&w.as_str())) {
                *bag.entry(w.as_str()).or_default() += 1.0;
            }
            for w in bag.keys() {
                *df.entry(w).or_default() += 1.0;
            }
            bag
        })
        .collect();
    let vectors: Vec<Vec<(&str, f32)>> = bags
        .iter()
        .map(|bag| {
            let mut v: Vec<(&str, f32)> =
                bag.iter().map(|(w, tf)| (*w, tf * (1.0 + (n as f32 / df[w]).ln()))).collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt().max(1e-6);
            v.iter_mut().for_each(|(_, x)| *x /= norm);
            v.sort_unstable_by(|a, b| a.0.cmp(b.0));
            v
        })
        .collect();
    let cosine = |a: &[(&str, f32)], b: &[(&str, f32)]| {
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    };
    let mut scored: Vec<(f32, usize)> = (0..n)
        .map(|i| {
            let words = candidates[i].1.len();
            let usable = (MIN_WORDS..=MAX_WORDS).contains(&words) || n <= wanted;
            let centrality: f32 = (0..n).filter(|&j| j != i).map(|j| cosine(&vectors[i], &vectors[j])).sum();
            let prior = 1.0 + 0.6 / (1.0 + i as f32 / 3.0);
            // The constant lets position decide when sentences share little.
            (if usable { (centrality + 0.5) * prior } else { -1.0 }, i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<usize> = Vec::new();
    for &(score, i) in &scored {
        if chosen.len() == wanted {
            break;
        }
        if score < 0.0 && !chosen.is_empty() {
            continue;
        }
        if chosen.iter().any(|&c| cosine(&vectors[c], &vectors[i]) > REDUNDANT) {
            continue;
        }
        chosen.push(i);
    }
    chosen.sort_unstable();
    chosen.into_iter().map(|i| candidates[i].0.clone()).collect()
}

/// How much of a key point's weight a sentence must share to count as
/// support.
pub const SUPPORT: f32 = 0.12;

/// The body sentences that support a key point, best first: each scored
/// by the share of the point's content words (weighted by rarity in the
/// article, compared after a light stemming) that it contains. Only
/// sentences scoring at least [`SUPPORT`] are returned.
pub fn evidence(article: &Article, point: &str) -> Vec<(Extract, f32)> {
    let words = |text: &str| -> Vec<String> {
        let mut folded = String::new();
        fold_into(text, &mut folded);
        let mut out: Vec<String> = tokens(&folded)
            .map(|(s, e)| stem(&folded[s..e]))
            .filter(|w| w.chars().count() > 1 && !STOP_WORDS.contains(&w.as_str()))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    let mut sentences_of_body: Vec<(Extract, Vec<String>)> = Vec::new();
    let text = article.held_body();
    for (p, paragraph) in text.body.iter().enumerate() {
        for range in sentences(paragraph) {
            let w = words(&paragraph[range.clone()]);
            sentences_of_body.push((Extract { paragraph: p, range }, w));
        }
    }
    let n = sentences_of_body.len().max(1) as f32;
    let mut df: HashMap<&str, f32> = HashMap::new();
    for (_, w) in &sentences_of_body {
        for word in w {
            *df.entry(word.as_str()).or_default() += 1.0;
        }
    }
    // The point's words in order: a key point leads with its main claim,
    // so earlier words weigh more.
    let mut point_words: Vec<(String, f32)> = Vec::new();
    let mut folded = String::new();
    fold_into(point, &mut folded);
    for (i, (s, e)) in tokens(&folded)
        .filter(|&(s, e)| {
            let w = &folded[s..e];
            w.chars().count() > 1 && !STOP_WORDS.contains(&w)
        })
        .enumerate()
    {
        let stemmed = stem(&folded[s..e]);
        if !point_words.iter().any(|(w, _)| *w == stemmed) {
            point_words.push((stemmed, 1.0 + 0.5 / (1.0 + i as f32 / 3.0)));
        }
    }
    let weight = |w: &str| 1.0 + (n / df.get(w).copied().unwrap_or(1.0)).ln();
    let total: f32 = point_words.iter().map(|(w, lead)| weight(w) * lead).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let mut scored: Vec<(Extract, f32)> = sentences_of_body
        .iter()
        .map(|(e, w)| {
            let shared: f32 = point_words
                .iter()
                .filter(|(p, _)| w.binary_search(p).is_ok())
                .map(|(p, lead)| weight(p) * lead)
                .sum();
            (e.clone(), shared / total)
        })
        .filter(|(_, score)| *score >= SUPPORT)
        .collect();
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1).then((a.0.paragraph, a.0.range.start).cmp(&(b.0.paragraph, b.0.range.start)))
    });
    scored
}

/// A crude stemmer: plurals undone, then the first five letters, so
/// "ferries" meets "ferry", "seeds" meets "seed" and "charging" meets
/// "charges". Good enough to line a key point up with its text; not a
/// lemmatizer.
fn stem(word: &str) -> String {
    let singular = match word.strip_suffix("ies") {
        Some(base) if base.chars().count() >= 2 => format!("{base}y"),
        _ => word.strip_suffix('s').filter(|b| b.chars().count() >= 3).unwrap_or(word).to_string(),
    };
    singular.chars().take(5).collect()
}

/// The summary with the text of each extracted sentence.
pub fn summary_sentences(article: &Article) -> Vec<(Extract, String)> {
    let text = article.held_body();
    summarize_text(&text)
        .into_iter()
        .map(|e| {
            let sentence = text.body[e.paragraph][e.range.clone()].to_string();
            (e, sentence)
        })
        .collect()
}

/// The summary as text: the extracted sentences themselves.
pub fn summary_points(article: &Article) -> Vec<String> {
    summary_sentences(article).into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Meta, Origin};

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_decimals_and_quotes_do_not_split() {
        assert_eq!(
            split(
                "Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5. Prices rose 3.5 percent. \"We are ready,\" she said. Then they left."
            ),
            [
                "Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5.",
                "Prices rose 3.5 percent.",
                "\"We are ready,\" she said.",
                "Then they left."
            ]
        );
        assert_eq!(
            split("The U.S. officials agreed. J. R. Smith spoke."),
            ["The U.S. officials agreed.", "J. R. Smith spoke."]
        );
        assert_eq!(split("No end"), ["No end"]);
        assert_eq!(split("東京は晴れ。大阪は雨。"), ["東京は晴れ。", "大阪は雨。"]);
    }

    fn article(body: &[&str]) -> Article {
        Article::new(
            Origin::Embedded("s.txt"),
            Some("T".into()),
            Meta::default(),
            vec![],
            body.iter().map(|s| s.to_string()).collect(),
            None,
        )
    }

    #[test]
    fn picks_central_whole_sentences_in_article_order() {
        let a = article(&[
            "The city council approved a new tram line to the harbour on Tuesday evening. The vote was close.",
            "Supporters said the harbour tram line would cut traffic on the coast road by a third.",
            "Critics of the tram line argued that the harbour district already has enough buses.",
            "In other news, a cat was rescued from a tree by the fire brigade near the park.",
            "Construction of the harbour tram line will start next spring and last two years.",
        ]);
        let picked = summarize(&a);
        assert_eq!(picked.len(), 3);
        let body = a.held_body();
        let texts: Vec<&str> = picked.iter().map(|e| &body.body[e.paragraph][e.range.clone()]).collect();
        assert!(texts.iter().all(|t| t.contains("tram")), "{texts:?}");
        assert!(
            picked
                .windows(2)
                .all(|w| (w[0].paragraph, w[0].range.start) < (w[1].paragraph, w[1].range.start))
        );
        assert!(texts.iter().all(|t| t.ends_with('.')), "whole sentences: {texts:?}");
        assert_eq!(summarize(&a), picked, "deterministic");
    }

    #[test]
    fn evidence_finds_the_supporting_sentence_or_nothing() {
        let a = article(&[
            "The harbour authority confirmed that battery ferries will run from March. The trial was long.",
            "Each ferry charges during its seven-minute stop at the central pier.",
            "A cat sat on the quay.",
        ]);
        let best = evidence(&a, "Charging happens in the seven minutes a ferry spends at the pier.");
        let top = &best[0].0;
        assert_eq!(
            &a.held_body().body[top.paragraph][top.range.clone()],
            "Each ferry charges during its seven-minute stop at the central pier."
        );
        assert!(evidence(&a, "Quantum computers break encryption.").is_empty(), "nothing supports it");
        assert_eq!(stem("ferries"), stem("ferry"));
        assert_eq!(stem("seeds"), stem("seed"));
        assert_eq!(stem("batteries"), stem("battery"));
        assert_eq!(stem("charging"), stem("charged"));
    }

    #[test]
    fn short_bodies_give_what_they_have() {
        assert_eq!(summarize(&article(&["One short sentence here."])).len(), 1);
        assert!(summarize(&article(&[])).is_empty());
    }
}
