fn main() {
    let p = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = std::time::Instant::now();
    let w = brief::live::watch(&[p], |_| {});
    eprintln!("watch {:?} {}", t.elapsed(), w.is_ok());
}
