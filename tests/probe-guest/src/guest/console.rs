//! Console lines through Xen's console hypercall. Xen prefixes a domU's
//! lines with `(dN)` and prints dom0's as they are.

use super::hypercall;
use probe_guest::line::Line;

/// Ends the line and writes it.
pub fn print(line: &mut Line) {
    hypercall::console_write(line.finish());
}

/// Writes one fixed line.
pub fn say(text: &str) {
    print(Line::new().text(text));
}
