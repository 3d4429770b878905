-- Template of one reference check (identifiers filled from fundguard.quality.contracts.REFERENCES):
-- true when the value is empty, stored in the parent table, or staged in this batch and not blocked.
s.{column} is null
or s.{column} in (select {parent_key} from {parent})
or s.{column} in (select {parent_key} from stage_{parent} where not _blocked)
