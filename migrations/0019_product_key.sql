-- The folded product ("cafe table" for "Café table"), written with the product (db/lead-queries.ts
-- `withSearchKeys`), so the owner's search finds it without its accents. Null on a lead written before:
-- the search reads its lower-cased product instead.
ALTER TABLE `leads` ADD `product_key` text;