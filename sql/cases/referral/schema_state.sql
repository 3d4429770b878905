-- The schema state the package was built on: applied migrations and their checksums.
select name, checksum from _migrations order by name;
