import { permissions, rolePermissions, roles } from './permissions.ts';

/** The permission matrix as a Markdown table, for docs/security.md (a test keeps them equal). */
export function permissionTableMarkdown(): string {
  const header = `| permission | ${roles.join(' | ')} |`;
  const rule = `|---|${roles.map(() => '---').join('|')}|`;
  const rows = permissions.map((p) => `| ${p} | ${roles.map((r) => (rolePermissions[r].has(p) ? 'yes' : '')).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
