//! The sample articles in `assets/articles`, built into the binary so that
//! `brief` with no arguments has something to show from any directory.

macro_rules! samples {
    ($($name:literal),* $(,)?) => {
        /// File name and bytes of each bundled sample article.
        pub static SAMPLES: &[(&str, &[u8])] =
            &[$(($name, include_bytes!(concat!("../assets/articles/", $name)))),*];
    };
}

samples![
    "01_harbour-ferries.txt",
    "02_seed-library.txt",
    "03_night-trains.txt",
    "04_kissaten.txt",
    "05_storm-emoji.txt",
    "06_marathon-live.txt",
    "07_library-fines.txt",
    "08_council-vote.txt",
    "09_bakery-coop.txt",
    "10_river-cleanup.txt",
    "11_chess-olympiad.txt",
    "12_solar-roads.txt",
    "13_lighthouse.txt",
    "14_tram-timetable.md",
    "15_valley-wire.xml",
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_in_assets_is_bundled() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/articles");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let bundled: Vec<&str> = super::SAMPLES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, bundled);
    }
}
