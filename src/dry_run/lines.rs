//! NDJSON input, line by line. Lines are read as bytes and each one is checked as UTF-8
//! on its own: a line that is not text is a dead letter with its line number, like a
//! line that is not JSON, and the lines after it are read as usual. Only a failing
//! read (a disk error) stops the input.

use std::io::BufRead;

/// One line of input, without its `\n` (or `\r\n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Not valid UTF-8; the reason names the first bad byte and its column.
    Unreadable(String),
}

/// A line as the dry-run and the embedded run take it: its text, or why there is none.
pub trait AsLine {
    fn as_line(&self) -> Result<&str, &str>;
}

impl AsLine for str {
    fn as_line(&self) -> Result<&str, &str> {
        Ok(self)
    }
}

impl AsLine for String {
    fn as_line(&self) -> Result<&str, &str> {
        Ok(self)
    }
}

impl AsLine for Line {
    fn as_line(&self) -> Result<&str, &str> {
        match self {
            Line::Text(t) => Ok(t),
            Line::Unreadable(why) => Err(why),
        }
    }
}

impl<T: AsLine + ?Sized> AsLine for &T {
    fn as_line(&self) -> Result<&str, &str> {
        (**self).as_line()
    }
}

/// The lines of `reader`.
pub fn lines<R: BufRead>(reader: R) -> Lines<R> {
    Lines {
        reader,
        buf: Vec::new(),
    }
}

pub struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = std::io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        self.buf.clear();
        match self.reader.read_until(b'\n', &mut self.buf) {
            Ok(0) => None,
            Ok(_) => Some(Ok(decode(std::mem::take(&mut self.buf)))),
            Err(e) => Some(Err(e)),
        }
    }
}

fn decode(mut bytes: Vec<u8>) -> Line {
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => Line::Text(text),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let column = String::from_utf8_lossy(&bytes[..good]).chars().count() + 1;
            Line::Unreadable(format!(
                "not valid UTF-8: byte 0x{:02x} at column {column}",
                bytes.get(good).copied().unwrap_or(0)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_byte_spoils_only_its_own_line() {
        let input: &[u8] = b"{\"a\":1}\r\n\xc3\xa9t\xff\n\nlast";
        let got: Vec<Line> = lines(input).map(Result::unwrap).collect();
        assert_eq!(
            got,
            [
                Line::Text("{\"a\":1}".into()),
                Line::Unreadable("not valid UTF-8: byte 0xff at column 3".into()),
                Line::Text(String::new()),
                Line::Text("last".into()),
            ]
        );
    }
}
