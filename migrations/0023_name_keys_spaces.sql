-- A lead's name keys have their hyphens as spaces (domain/lead-match `nameKeys`): "Mary-Kate
-- O'Neil" is found as "mary kate o'neil" and by its first name "mary kate", typed with a hyphen
-- or a space, with one key a reference. Keys written before this had the hyphens.
UPDATE `leads` SET `name_key` = replace(`name_key`, '-', ' '), `first_key` = replace(`first_key`, '-', ' ')
WHERE `name_key` LIKE '%-%' OR `first_key` LIKE '%-%';
