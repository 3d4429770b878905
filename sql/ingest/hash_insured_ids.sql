-- Staged insured rows: keep a salted SHA-256 of the ID number, then forget the number.
update stage_insured
set certno_hash = sha256($salt || upper(trim(certno))),
    certno = null
where certno is not null;
