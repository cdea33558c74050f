/**
 * The engine's version, stored with every result: 2 prices today from what the profile says exists.
 * Its own file so the engine can stamp results without loading the zod schema of an assessment
 * (assessment-schema.ts), which `tandem assess` never parses.
 */
export const ENGINE_VERSION = 2;
