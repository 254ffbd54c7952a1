-- Number 0006 belongs to another change of issue 16, on its own branch; this no-op keeps the numbers contiguous
-- until that branch is merged, and the merge replaces it with that change's file.
SELECT 1;
