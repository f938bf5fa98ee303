# Reads back what `benbao export` wrote, in R: Rscript tools/check_export.R DIR
#
# DIR holds, for each table T (articles, people, events, directives, spells,
# dyads, dyad-counts, panel), T.csv, T.bom.csv (--bom), T.jsonl and T.dta.
# Checks that every file loads (read.csv; jsonlite::stream_in; readstata13's
# read.dta13) with the same rows, that the two CSVs and the .dta have the same
# columns, and that the .dta holds the CSV's text in every cell: numbers as
# printed, missing as empty, 0/1 for true/false, the event-type labels as
# their names; and that every .dta column has a variable label. Prints a line per table and stops with an error on the first
# difference. Needs r-cran-readstata13 and r-cran-jsonlite (Debian).
suppressMessages({ library(readstata13); library(jsonlite) })
dir <- commandArgs(TRUE)[1]
tables <- c("articles", "people", "events", "directives", "spells", "dyads", "dyad-counts", "panel")
as_text <- function(x) {
  x <- if (is.factor(x)) as.character(x) else if (is.numeric(x)) ifelse(is.na(x), "", format(x, scientific = FALSE, trim = TRUE)) else x
  x[is.na(x)] <- ""
  x
}
for (t in tables) {
  f <- function(ext) file.path(dir, paste0(t, ext))
  csv <- read.csv(f(".csv"), colClasses = "character", na.strings = character(0), encoding = "UTF-8", check.names = FALSE)
  bom <- read.csv(f(".bom.csv"), colClasses = "character", na.strings = character(0), fileEncoding = "UTF-8-BOM", check.names = FALSE)
  json <- stream_in(file(f(".jsonl")), verbose = FALSE)
  dta <- read.dta13(f(".dta"), convert.factors = TRUE, generate.factors = TRUE)
  rows <- c(csv = nrow(csv), bom = nrow(bom), jsonl = nrow(json), dta = nrow(dta))
  if (length(unique(rows)) != 1) stop(t, ": row counts differ: ", paste(names(rows), rows, collapse = ", "))
  if (!identical(names(bom), names(csv)) || !identical(names(dta), names(csv))) stop(t, ": columns differ: ", paste(names(dta), collapse = ","), " vs ", paste(names(csv), collapse = ","))
  if (!identical(bom, csv)) stop(t, ": the CSV with a BOM reads differently")
  if (any(varlabel(dta) == "")) stop(t, ": a column of the .dta has no variable label")
  for (col in names(csv)) {
    want <- csv[[col]]
    got <- as_text(dta[[col]])
    if (all(want %in% c("true", "false")) && all(got %in% c("0", "1"))) want <- ifelse(want == "true", "1", "0")
    if (!identical(got, want)) {
      i <- which(got != want)[1]
      stop(t, ": column ", col, " row ", i, ": the .dta has \"", substr(got[i], 1, 60), "\", the CSV \"", substr(want[i], 1, 60), "\"")
    }
  }
  cat(t, ": ", nrow(csv), " rows, ", ncol(csv), " columns: csv, csv with BOM, jsonl and dta agree\n", sep = "")
}
