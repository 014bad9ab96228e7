//! Small file utilities the I/O services share: writes that a crash
//! cannot tear, and an advisory lock.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk
/// and renames it over `path`: a crash leaves the old file or the new one,
/// never half of either.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomically`], with the content written by `write`
/// (buffered), so it need not be gathered in memory first.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let result = (|| {
        let file = File::create(&tmp)?;
        let mut writer = io::BufWriter::with_capacity(1 << 20, &file);
        write(&mut writer)?;
        writer.flush()?;
        drop(writer);
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// An exclusive advisory lock on a lock file, released when dropped.
pub struct Lock {
    _file: File,
}

impl Lock {
    pub fn acquire(path: &Path) -> io::Result<Lock> {
        let file = File::options().create(true).truncate(false).write(true).open(path)?;
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // Blocks until another brief finishes its save (milliseconds).
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(Lock { _file: file })
    }
}
