// The MiniSearch options of the native build and of the page (they must agree).
export const OPTIONS = { fields: ["title", "summary"], storeFields: ["title", "tags", "category", "author", "date"] };
