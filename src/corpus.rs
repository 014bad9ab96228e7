//! A deterministic generator of realistic article folders, for benchmarks
//! and scale tests: about 4.5 KB per article, 3–5 key points, words drawn
//! from a 50,000-word vocabulary with a Zipf distribution (a few words are
//! everywhere, most are rare), as in real news text.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Words in the generated vocabulary.
pub const VOCABULARY: usize = 50_000;
/// Target size of one generated article in bytes.
pub const ARTICLE_BYTES: usize = 4_500;

/// SplitMix64: tiny, fast and good enough for test data; fixed seeds give
/// identical corpora on every machine.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The vocabulary and its Zipf sampler.
pub struct Generator {
    words: Vec<String>,
    cumulative: Vec<f64>,
    rng: Rng,
}

const SYLLABLES: [&str; 40] = [
    "ka", "ro", "mi", "te", "sa", "lu", "ne", "po", "ri", "da", "ve", "lo", "ta", "mu", "si", "re", "na",
    "bo", "li", "ge", "fa", "co", "de", "pi", "to", "ra", "ni", "se", "ma", "lu", "ber", "tor", "gan", "dil",
    "mon", "ser", "val", "pen", "cor", "lis",
];

impl Generator {
    pub fn new(seed: u64) -> Generator {
        let mut rng = Rng::new(seed);
        let mut seen = std::collections::HashSet::new();
        let mut words = Vec::with_capacity(VOCABULARY);
        while words.len() < VOCABULARY {
            // Frequent words (low ranks) are short, as in natural language.
            let syllables =
                1 + usize::from(words.len() > 100) + rng.below(if words.len() > 2000 { 3 } else { 2 });
            let word: String = (0..syllables).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=VOCABULARY)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Generator { words, cumulative, rng }
    }

    fn word(&mut self) -> &str {
        let total = *self.cumulative.last().expect("vocabulary is not empty");
        let target = self.rng.unit() * total;
        let rank = self.cumulative.partition_point(|&c| c < target).min(VOCABULARY - 1);
        &self.words[rank]
    }

    /// A sentence of 8–24 words, capitalised, ending in a full stop.
    pub fn sentence(&mut self) -> String {
        let n = 8 + self.rng.below(17);
        let mut s = String::new();
        for i in 0..n {
            let word = self.word().to_string();
            if i == 0 {
                let mut chars = word.chars();
                s.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                s.push_str(chars.as_str());
            } else {
                s.push(' ');
                s.push_str(&word);
            }
        }
        s.push('.');
        s
    }

    /// One article in the `.txt` format, about `bytes` long.
    pub fn article(&mut self, index: usize, bytes: usize) -> String {
        let mut text = String::with_capacity(bytes + 600);
        if index.is_multiple_of(3) {
            let _ = writeln!(text, "Source: Wire {}", index % 7);
            let _ = writeln!(text, "Date: 2026-{:02}-{:02}", 1 + index % 12, 1 + index % 28);
        }
        text.push_str("Key Points\n");
        for _ in 0..3 + self.rng.below(3) {
            let _ = writeln!(text, "- {}", self.sentence());
        }
        while text.len() < bytes {
            let sentences = 2 + self.rng.below(4);
            let paragraph: Vec<String> = (0..sentences).map(|_| self.sentence()).collect();
            text.push_str(&paragraph.join(" "));
            text.push('\n');
        }
        text
    }
}

/// Writes `count` articles of about [`ARTICLE_BYTES`] into `dir`, named
/// like real collections (`000123_<hash>.txt`), in subfolders of 1,000.
pub fn write_corpus(dir: &Path, count: usize, seed: u64) -> io::Result<u64> {
    let mut generator = Generator::new(seed);
    let mut total = 0;
    for i in 0..count {
        let sub = dir.join(format!("{:03}", i / 1000));
        if i.is_multiple_of(1000) {
            fs::create_dir_all(&sub)?;
        }
        let text = generator.article(i, ARTICLE_BYTES);
        total += text.len() as u64;
        fs::write(sub.join(format!("{i:06}_{:016x}.txt", Rng::new(i as u64).next_u64())), text)?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_text() {
        assert_eq!(Generator::new(7).article(1, 2000), Generator::new(7).article(1, 2000));
        assert_ne!(Generator::new(7).article(1, 2000), Generator::new(8).article(1, 2000));
    }

    #[test]
    fn articles_have_the_target_shape() {
        let mut g = Generator::new(1);
        let text = g.article(0, ARTICLE_BYTES);
        assert!((ARTICLE_BYTES..ARTICLE_BYTES + 1000).contains(&text.len()));
        let parsed = crate::loader::txt::parse(&text);
        assert!((3..=5).contains(&parsed.key_points.len()));
        assert!(parsed.body.len() > 5);
        assert_eq!(parsed.meta.source.as_deref(), Some("Wire 0"));
    }
}
