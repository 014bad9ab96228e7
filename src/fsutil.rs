//! Small file utilities the I/O services share: opening only regular
//! files, writes that a crash cannot tear, and an advisory lock.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

/// Why a file was not opened for reading.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A named pipe, socket or device: reading it could block forever or
    /// never end.
    #[error("not a regular file ({0})")]
    Special(&'static str),
    #[error("too large ({} MiB; the limit is {} MiB)", .size >> 20, .limit >> 20)]
    TooLarge { size: u64, limit: u64 },
}

/// What kind of special file `kind` is, in words.
pub fn special_kind(kind: &fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "named pipe";
        } else if kind.is_socket() {
            return "socket";
        } else if kind.is_block_device() || kind.is_char_device() {
            return "device file";
        }
    }
    let _ = kind;
    "special file"
}

/// Opens `path` for reading only if it is a regular file of at most
/// `limit` bytes. The open does not block (a named pipe with no writer
/// would otherwise hang it), and the type and size are those of the file
/// opened (fstat), so nothing swapped in after a check can get through.
pub fn open_regular(path: &Path, limit: u64) -> Result<(File, fs::Metadata), Unreadable> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Unreadable::Special(special_kind(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(Unreadable::TooLarge { size: meta.len(), limit });
    }
    Ok((file, meta))
}

/// The whole of a regular file of at most `limit` bytes (see
/// [`open_regular`]); a file that grows meanwhile is read to `limit`.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let (file, meta) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk
/// and renames it over `path`: a crash leaves the old file or the new one,
/// never half of either.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomically`], with the content written by `write`
/// (buffered), so it need not be gathered in memory first.
///
/// The temporary file is tempfile's: a unique name (two writers of one
/// path never share it), hidden (`.brief-…`, which no folder scan lists as
/// an article), and removed when anything fails before the rename, a panic
/// in `write` included. A file written anew gets the mode the umask gives
/// any new file (tempfile's own default, owner only, would keep a fetched
/// article from a second user or a sync tool); a file replaced keeps its mode.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<&File>) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".brief-").suffix(".tmp");
    #[cfg(unix)]
    let kept = {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
        fs::metadata(path).ok().filter(fs::Metadata::is_file).map(|m| m.permissions())
    };
    let tmp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Some(mode) = kept {
        tmp.as_file().set_permissions(mode)?;
    }
    let mut writer = io::BufWriter::with_capacity(1 << 20, tmp.as_file());
    write(&mut writer)?;
    writer.flush()?;
    drop(writer);
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How long [`Lock::acquire`] waits for another holder to let go.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// An exclusive advisory lock on a lock file (std's `File::lock`: flock on
/// Unix, LockFileEx on Windows), released when the file is dropped.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock. The lock file must be a regular file: opening a
    /// named pipe put in its place would block until a reader came.
    pub fn acquire(path: &Path) -> io::Result<Lock> {
        let special = |kind: &fs::FileType| {
            io::Error::other(format!("{} is not a regular file ({})", path.display(), special_kind(kind)))
        };
        // Named before the open, which fails obscurely on a pipe (ENXIO);
        // checked again on what was opened.
        if let Ok(meta) = fs::metadata(path)
            && !meta.is_file()
        {
            return Err(special(&meta.file_type()));
        }
        let mut options = File::options();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        }
        let file = options.open(path)?;
        let kind = file.metadata()?.file_type();
        if !kind.is_file() {
            return Err(special(&kind));
        }
        // Another brief's save holds it for milliseconds; one stopped
        // (Ctrl-Z, a debugger) while saving could hold it for ever, and
        // quitting waits for the last save: so wait, but not for ever.
        let deadline = std::time::Instant::now() + LOCK_WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() <= deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!("{} is held by another process", path.display()),
                    ));
                }
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
        }
        Ok(Lock { _file: file })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn fifo(path: &Path) {
        let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
        assert!(status.success());
    }

    #[test]
    fn pipes_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe");
        fifo(&path);
        assert!(matches!(read_regular(&path, 1 << 20), Err(Unreadable::Special("named pipe"))));
        let e = Lock::acquire(&path).err().expect("a pipe is no lock file");
        assert!(e.to_string().contains("named pipe"), "{e}");
    }

    #[test]
    fn a_lock_held_for_ever_elsewhere_is_given_up_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let held = Lock::acquire(&path).unwrap();
        let start = std::time::Instant::now();
        let e = Lock::acquire(&path).err().expect("the lock is held");
        assert!(e.to_string().contains("held by another process"), "{e}");
        assert!(start.elapsed() >= LOCK_WAIT);
        drop(held);
        Lock::acquire(&path).unwrap();
    }

    #[test]
    fn a_failed_or_panicking_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_atomically(&path, b"old").unwrap();
        let failed = write_atomically_with(&path, |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "disk full");
        let panicked = std::panic::catch_unwind(|| {
            write_atomically_with(&path, |w| {
                w.write_all(b"half")?;
                panic!("a bug in the writer")
            })
        });
        assert!(panicked.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["state.json"], "no temporary file is left behind");
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_new_file_gets_the_usual_mode_and_a_replaced_one_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let usual = dir.path().join("usual");
        File::create(&usual).unwrap();
        let new = dir.path().join("new.md");
        write_atomically(&new, b"text").unwrap();
        assert_eq!(mode(&new), mode(&usual), "as the umask gives any new file");
        fs::set_permissions(&new, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&new, b"more text").unwrap();
        assert_eq!(mode(&new), 0o640);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        // Sparse: costs no disk, and would cost 2 GiB of memory to read.
        File::create(&path).unwrap().set_len(2 << 30).unwrap();
        let e = read_regular(&path, 64 << 20).unwrap_err();
        assert_eq!(e.to_string(), "too large (2048 MiB; the limit is 64 MiB)", "the limit is the caller's");
        fs::write(&path, b"small").unwrap();
        assert_eq!(read_regular(&path, 64 << 20).unwrap(), b"small");
    }
}
