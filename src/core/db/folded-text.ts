/**
 * Text as people type it, folded for matching: whitespace runs made one space and trimmed,
 * composed (NFC, so a "ü" typed as u and a combining mark matches the one typed as one
 * character), and lower-cased, so "Main St", " main  st" and "MAIN ST" are one site, as are
 * "Zürich" and "ZÜRICH".
 *
 * lower() follows its collation's character type, and a database made with `--no-locale` (as the
 * test harness's is) lower-cases ASCII only. So the case folding names the collation
 * `tandem_fold`, made by migration 0064_site_fold from the best the server has: PostgreSQL 17's
 * builtin C.UTF-8 (Unicode's case mapping, the same on every operating system), else ICU's root
 * locale, else the operating system's C.UTF-8. Written once, so that what PostgreSQL stores
 * (the generated columns devices.site_key and monitor_maintenance.site_key) and what a query folds
 * (a site typed into a form, assets/sites.ts siteInUse) are the same expression.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

export function foldedText(column: SQLWrapper): SQL<string> {
  return sql<string>`lower(normalize(btrim(regexp_replace(${column}, '\\s+', ' ', 'g')), NFC) collate tandem_fold)`;
}
