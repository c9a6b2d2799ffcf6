//! What the widget shows, decided without a browser: which words to mark, which page
//! links to offer, how a query reads in the address bar, and the replaceable strings.
//! The web layer (`web::widget`) only turns these into DOM; everything here is tested natively.

pub mod highlight;
pub mod labels;
pub mod pagination;
pub mod url_params;
