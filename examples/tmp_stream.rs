fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = std::time::Instant::now();
    let mut parts = Vec::new();
    let mut n = 0;
    brief::loader::load_streaming(
        &[p],
        || None,
        |b| {
            n += b.articles.len();
            if let Some(p) = b.part {
                let start = n - b.articles.len();
                parts.push(brief::search::index::Part {
                    place: p.place.iter().map(|x| x.map(|x| x + start as u32)).collect(),
                    index: p.index,
                });
            }
        },
    );
    eprintln!("stream {:?} {n} {} parts", t.elapsed(), parts.len());
    let t = std::time::Instant::now();
    let index = brief::search::index::Index::combine(&parts, n);
    eprintln!("combine {:?} {}", t.elapsed(), index.len());
}
#[allow(dead_code)]
fn w() {}
