//! The document model every format reader produces: paragraphs (headings and
//! prose, one per line or `<p>`) and tables ([`Grid`]), in reading order.

use crate::Source;
use crate::grid::Grid;

/// A document reduced to what the report reader needs.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// A title the container states outside the body (HTML `ArticleTitle`
    /// meta or `<title>`), preferred over the first lines.
    pub title_hint: Option<String>,
    /// Parent of each container element (HTML `div`, `section`, …), by id;
    /// id 0 is the document itself. Empty for formats without containers.
    pub parents: Vec<u32>,
}

impl Document {
    /// Whether container `scope` lies inside container `ancestor`.
    pub fn within(&self, scope: u32, ancestor: u32) -> bool {
        let mut s = scope;
        for _ in 0..256 {
            if s == ancestor {
                return true;
            }
            match self.parents.get(s as usize) {
                Some(&p) if p != s => s = p,
                _ => return ancestor == 0,
            }
        }
        false
    }

    /// The innermost container holding all the given blocks.
    pub fn common_scope(&self, blocks: impl Iterator<Item = usize>) -> u32 {
        let chain = |mut s: u32| {
            let mut out = vec![s];
            while let Some(&p) = self.parents.get(s as usize) {
                if p == s || out.len() > 256 {
                    break;
                }
                out.push(p);
                s = p;
            }
            out
        };
        let mut common: Option<Vec<u32>> = None;
        for b in blocks {
            let c = chain(self.scope(b));
            common = Some(match common {
                None => c,
                Some(prev) => prev.into_iter().filter(|s| c.contains(s)).collect(),
            });
        }
        common.and_then(|c| c.first().copied()).unwrap_or(0)
    }

    /// The container of a block (0 for tables and container-less formats).
    pub fn scope(&self, block: usize) -> u32 {
        match self.blocks.get(block) {
            Some(Block::Para { scope, .. }) => *scope,
            _ => 0,
        }
    }
}

/// One paragraph or one table.
#[derive(Debug, Clone)]
pub enum Block {
    /// `scope`: the innermost container element (HTML), else 0.
    Para {
        text: String,
        src: Source,
        scope: u32,
    },
    Table(Grid),
}

impl Block {
    pub fn para_text(&self) -> Option<&str> {
        match self {
            Block::Para { text, .. } => Some(text),
            Block::Table(_) => None,
        }
    }
}
