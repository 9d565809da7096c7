//! Random damage for the robustness tests: a list of edits (position, byte,
//! kind) applied to a document's bytes — a byte changed, the rest cut off, a
//! chunk of up to 64 bytes duplicated, or a byte removed.

/// Applies `edits` in order; stops when nothing is left to edit.
pub fn apply(bytes: &mut Vec<u8>, edits: &[(u32, u8, u8)]) {
    for &(pos, byte, op) in edits {
        if bytes.is_empty() {
            break;
        }
        let at = pos as usize % bytes.len();
        match op {
            0 => bytes[at] = byte,
            1 => bytes.truncate(at),
            2 => {
                let chunk: Vec<u8> = bytes[at..bytes.len().min(at + 64)].to_vec();
                bytes.splice(at..at, chunk);
            }
            _ => {
                bytes.remove(at);
            }
        }
    }
}
