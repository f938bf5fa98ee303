# Loads benbao's exports in R, as an R user would, and checks they agree.
# usage: for w in articles people events directives; do
#          benbao export --format csv --bom --what $w -o DIR/$w.csv
#          benbao export --format csv --what $w -o DIR/$w.nobom.csv
#          benbao export --format jsonl --what $w -o DIR/$w.jsonl; done
#        Rscript check_r.R DIR        (needs jsonlite: Debian r-cran-jsonlite)
suppressMessages(library(jsonlite))
dir <- commandArgs(trailingOnly = TRUE)[1]
for (w in c("articles", "people", "events", "directives")) {
  a <- read.csv(file.path(dir, paste0(w, ".csv")), fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)
  b <- read.csv(file.path(dir, paste0(w, ".nobom.csv")), encoding = "UTF-8", stringsAsFactors = FALSE)
  j <- stream_in(file(file.path(dir, paste0(w, ".jsonl")), encoding = "UTF-8"), verbose = FALSE)
  cat(sprintf("%s: csv+bom %d rows x %d cols (first column '%s'), csv %d rows, jsonl %d rows x %d cols\n",
              w, nrow(a), ncol(a), names(a)[1], nrow(b), nrow(j), ncol(j)))
  stopifnot(nrow(a) == nrow(j), nrow(b) == nrow(j), identical(names(a), names(b)), ncol(a) == ncol(j))
}
p <- read.csv(file.path(dir, "people.csv"), fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)
print(head(sort(table(p$name), decreasing = TRUE), 5))
