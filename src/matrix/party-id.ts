/**
 * A party's id from its name: a short slug (lower-case letters, digits and hyphens, as the matrix
 * schema's party ids allow) that is unique among the ids already `taken`, which it extends. Used
 * by the drafts made from an assessment (draft-staff.ts) and by the web's draft form, so a person
 * gets the same id either way.
 */
export function partyIdFrom(name: string, taken: Set<string>, fallback: string): string {
  const base = slugOf(name) || fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function slugOf(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      // Accents off the letters NFKD split them from: "José Núñez" -> "jose-nunez", not "jos-n-ez".
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
  );
}
