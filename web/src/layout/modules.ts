/** The product's modules as the navigation shows them; each later issue fills in its page. */
export interface ModuleEntry {
  path: string;
  label: string;
  summary: string;
  /** Its screens exist (App.tsx routes them); the others show ModulePending. */
  shipped?: boolean;
}

export const modules: ModuleEntry[] = [
  {
    path: '/advisor',
    label: 'Advisor',
    summary: 'Compare in-house, co-managed and fully managed IT, function by function, on cost and risk.',
    shipped: true,
  },
  {
    path: '/responsibilities',
    label: 'Responsibilities',
    summary: 'Who is Responsible, Accountable, Consulted and Informed for every IT activity.',
    shipped: true,
  },
  {
    path: '/desk',
    label: 'Service desk',
    summary: 'IT, clinical and patient desks, routed by the responsibility matrix with SLAs.',
  },
  {
    path: '/monitoring',
    label: 'Monitoring',
    summary: '24/7 checks whose alerts open incidents for the party on duty.',
  },
  { path: '/backups', label: 'Backups', summary: 'Backup jobs and restore tests, verified.' },
  { path: '/assets', label: 'Assets', summary: 'Devices, including EMR peripherals.' },
  {
    path: '/compliance',
    label: 'Compliance',
    summary: 'HIPAA Security Rule controls with owners and evidence, and the risk register.',
  },
];
