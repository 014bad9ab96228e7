//! The byte codec of brief's files: little-endian numbers, variable-length
//! integers and length-prefixed strings. Every read is bounds-checked and
//! every count checked against the bytes left, so damaged or crafted
//! bytes give an error, never a panic or a huge allocation.

/// Why bytes could not be decoded: what was wrong, in a word or two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Damaged(pub &'static str);

/// Appends a variable-length integer: seven bits a byte, low bits first.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// How many bytes [`put_varint`] takes for `v`.
pub fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// Reads a variable-length integer at `*pos`; none at the end of the bytes
/// or past ten bytes.
pub fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Little-endian, length-prefixed building blocks of the cache file.
#[derive(Default)]
pub struct Encoder(pub Vec<u8>);

impl Encoder {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn varint(&mut self, v: u64) {
        put_varint(&mut self.0, v);
    }
    pub fn bytes(&mut self, v: &[u8]) {
        self.u32(v.len() as u32);
        self.0.extend_from_slice(v);
    }
    pub fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    pub fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
}

/// Reads what [`Encoder`] wrote; every read is bounds-checked.
pub struct Decoder<'a> {
    buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(buf: &'a [u8]) -> Decoder<'a> {
        Decoder { buf, pos: 0 }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Damaged> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len()).ok_or(Damaged("truncated"))?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    pub fn u8(&mut self) -> Result<u8, Damaged> {
        Ok(self.take(1)?[0])
    }
    pub fn varint(&mut self) -> Result<u64, Damaged> {
        get_varint(self.buf, &mut self.pos).ok_or(Damaged("number"))
    }
    /// A count of things still to read, each at least `each` bytes long:
    /// one that claims more than the bytes left is damage, checked before
    /// anything is allocated for it.
    pub fn count(&mut self, each: usize) -> Result<usize, Damaged> {
        let n = self.u32()?;
        self.fits(u64::from(n), each)
    }

    /// `n` things of at least `each` bytes, if the bytes left can hold them.
    pub fn fits(&self, n: u64, each: usize) -> Result<usize, Damaged> {
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= (self.buf.len() - self.pos) / each.max(1))
            .ok_or(Damaged("count"))
    }
    pub fn u32(&mut self) -> Result<u32, Damaged> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("four bytes")))
    }
    pub fn u64(&mut self) -> Result<u64, Damaged> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("eight bytes")))
    }
    pub fn bytes(&mut self) -> Result<&'a [u8], Damaged> {
        let len = self.u32()? as usize;
        self.take(len)
    }
    pub fn string(&mut self) -> Result<String, Damaged> {
        std::str::from_utf8(self.bytes()?).map(str::to_string).map_err(|_| Damaged("text"))
    }
    pub fn os_string(&mut self) -> Result<std::ffi::OsString, Damaged> {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            Ok(std::ffi::OsStr::from_bytes(self.bytes()?).to_os_string())
        }
        #[cfg(not(unix))]
        {
            self.string().map(Into::into)
        }
    }
    pub fn opt_string(&mut self) -> Result<Option<String>, Damaged> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(Damaged("flag")),
        }
    }
    pub fn strings(&mut self) -> Result<Vec<String>, Damaged> {
        // Each string costs at least its four length bytes.
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }
}

/// Bytes built in memory, or a range of a file mapped into memory (the
/// index cache's postings, used where they lie rather than copied: reading
/// 110 MB of them into the heap took 0.15-0.3 s of a 100,000-article warm
/// start, most of it the kernel clearing fresh pages).
///
/// Mapped bytes are checked a block at a time, against checksums kept
/// apart from them, the first time a block is read: a start touches only
/// the blocks a search reads, not the whole file (checking all of it took
/// a tenth of a second at 100,000 articles, and grows with the
/// collection). A block whose checksum is wrong reads as nothing, and the
/// bytes say they are damaged from then on (see [`Bytes::is_damaged`]).
#[derive(Clone)]
pub enum Bytes {
    Owned(Vec<u8>),
    Mapped(std::sync::Arc<Blocks>),
}

/// A range of a mapped file in blocks of [`Blocks::SIZE`] bytes, each with
/// its xxh3 checksum and whether it was checked yet.
pub struct Blocks {
    map: std::sync::Arc<memmap2::Mmap>,
    range: std::ops::Range<usize>,
    sums: Vec<u64>,
    /// Per block: 0 not checked yet, 1 good, 2 damaged.
    state: Vec<std::sync::atomic::AtomicU8>,
    damaged: std::sync::atomic::AtomicBool,
}

impl Blocks {
    /// Bytes per checked block: a common word's postings at 100,000
    /// articles span a few, and checking one costs microseconds.
    pub const SIZE: usize = 64 << 10;

    /// How many blocks `len` bytes make.
    pub fn count(len: usize) -> usize {
        len.div_ceil(Blocks::SIZE)
    }

    /// The checksum of each block of `bytes`, as [`Blocks`] checks them.
    pub fn sums(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
        bytes.chunks(Blocks::SIZE).map(xxhash_rust::xxh3::xxh3_64)
    }

    /// `range` of `map`, with a checksum per block (as many as
    /// [`Blocks::count`] says: the caller checked).
    pub fn new(map: std::sync::Arc<memmap2::Mmap>, range: std::ops::Range<usize>, sums: Vec<u64>) -> Blocks {
        debug_assert_eq!(sums.len(), Blocks::count(range.len()));
        let state = sums.iter().map(|_| std::sync::atomic::AtomicU8::new(0)).collect();
        Blocks { map, range, sums, state, damaged: std::sync::atomic::AtomicBool::new(false) }
    }

    fn bytes(&self) -> &[u8] {
        &self.map[self.range.clone()]
    }

    /// Whether the blocks holding `range` (of these bytes) are as written,
    /// each checked the first time it is asked about.
    fn good(&self, range: &std::ops::Range<usize>) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        if range.is_empty() {
            return true;
        }
        let bytes = self.bytes();
        (range.start / Blocks::SIZE..range.end.div_ceil(Blocks::SIZE)).all(|b| {
            match self.state[b].load(Relaxed) {
                1 => true,
                2 => false,
                _ => {
                    let block = &bytes[b * Blocks::SIZE..((b + 1) * Blocks::SIZE).min(bytes.len())];
                    let good = xxhash_rust::xxh3::xxh3_64(block) == self.sums[b];
                    self.state[b].store(if good { 1 } else { 2 }, Relaxed);
                    if !good {
                        self.damaged.store(true, Relaxed);
                    }
                    good
                }
            }
        })
    }
}

impl Bytes {
    pub fn len(&self) -> usize {
        match self {
            Bytes::Owned(bytes) => bytes.len(),
            Bytes::Mapped(blocks) => blocks.range.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes in `range`: none when it is out of bounds, or lies in a
    /// damaged block.
    pub fn get(&self, range: std::ops::Range<usize>) -> &[u8] {
        match self {
            Bytes::Owned(bytes) => bytes.get(range).unwrap_or(&[]),
            Bytes::Mapped(blocks) if range.end <= blocks.range.len() && blocks.good(&range) => {
                &blocks.bytes()[range]
            }
            Bytes::Mapped(_) => &[],
        }
    }

    /// All the bytes, every block checked; none if one is damaged.
    pub fn whole(&self) -> Option<&[u8]> {
        match self {
            Bytes::Owned(bytes) => Some(bytes),
            Bytes::Mapped(blocks) => blocks.good(&(0..blocks.range.len())).then(|| blocks.bytes()),
        }
    }

    /// Whether a block read so far was found damaged.
    pub fn is_damaged(&self) -> bool {
        match self {
            Bytes::Owned(_) => false,
            Bytes::Mapped(blocks) => blocks.damaged.load(std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The bytes to append to, copied out of the file first if mapped
    /// (none of them, if damaged).
    pub fn to_mut(&mut self) -> &mut Vec<u8> {
        if let Bytes::Mapped(..) = self {
            *self = Bytes::Owned(self.whole().unwrap_or_default().to_vec());
        }
        match self {
            Bytes::Owned(bytes) => bytes,
            Bytes::Mapped(..) => unreachable!("copied just above"),
        }
    }
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::Owned(Vec::new())
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes::Owned(bytes)
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = if matches!(self, Bytes::Mapped(..)) { "mapped" } else { "owned" };
        write!(f, "Bytes({} {how})", self.len())
    }
}
