//! The crate's error type.

/// Errors that reading input can produce. The repair stages themselves never fail.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is not valid UTF-8; `offset` is the byte offset of the first bad byte.
    #[error("input is not valid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Decodes bytes as UTF-8, or says where they stop being UTF-8.
///
/// ```
/// assert_eq!(newsprint::decode(b"ok").unwrap(), "ok");
/// let err = newsprint::decode(b"ab\xffcd").unwrap_err();
/// assert_eq!(err, newsprint::Error::InvalidUtf8 { offset: 2 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 { offset: e.valid_up_to() })
}
