//! What the widget shows, decided without a browser: the view as data ([`tree`],
//! [`view`]) and its HTML ([`html`]), the controls' [`action`]s, the options, which
//! words to mark, which page links to offer, how a query reads in the address bar, and
//! the replaceable strings. The web layer (`web::widget`) turns the view into DOM and
//! events into actions; everything here is tested natively.

pub mod action;
pub mod format;
pub mod highlight;
pub mod html;
pub mod labels;
pub mod options;
pub mod pagination;
pub mod tree;
pub mod url;
pub mod url_params;
pub mod view;
