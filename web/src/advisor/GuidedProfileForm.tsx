import {
  Accordion,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { FUNCTION_CATALOG, OPTIONS, ROLE_IDS } from '../../../src/advisor/engine/model/function-catalog.ts';
import { optionLabels } from './labels.ts';
import {
  answerGovernance,
  getAt,
  numberAnswer,
  numberValue,
  setAt,
  textAnswer,
  textValue,
  type Path,
  type ProfileDoc,
} from './profile-draft.ts';

/** Field messages keyed by profile path ("practice.users", "staff.0.skills"). */
export type ProfileFieldErrors = Record<string, string>;

interface Bound {
  doc: ProfileDoc;
  onChange: (doc: ProfileDoc) => void;
  errors: ProfileFieldErrors;
}

const errorAt = (errors: ProfileFieldErrors, path: Path) => errors[path.join('.')];

const roleLabels: Record<(typeof ROLE_IDS)[number], string> = {
  help_desk: 'Help desk / desktop support',
  network_support: 'Network support',
  sysadmin: 'Systems administrator',
  security_analyst: 'Security analyst',
  it_manager: 'IT manager',
  data_architect: 'Data architect',
  data_analyst: 'Data analyst',
  software_developer: 'Software developer',
};

const functionChoices = FUNCTION_CATALOG.map((f) => ({ value: f.id, label: f.name }));
const currentChoices = [...OPTIONS, 'none' as const].map((o) => ({ value: o, label: optionLabels[o] }));

function NumberField({
  doc,
  onChange,
  errors,
  path,
  label,
  help,
  min = 0,
  max,
  money = false,
  decimal = money,
  required = false,
}: Bound & {
  path: Path;
  label: string;
  help: string;
  min?: number;
  max?: number;
  money?: boolean;
  decimal?: boolean;
  required?: boolean;
}) {
  return (
    <NumberInput
      label={label}
      description={help}
      value={numberValue(doc, path)}
      onChange={(v) => onChange(setAt(doc, path, numberAnswer(v)))}
      min={min}
      max={max}
      allowNegative={false}
      allowDecimal={decimal}
      thousandSeparator={money ? ',' : undefined}
      prefix={money ? '$' : undefined}
      required={required}
      error={errorAt(errors, path)}
    />
  );
}

function SelectField({
  doc,
  onChange,
  errors,
  path,
  label,
  help,
  data,
  clearable = false,
}: Bound & { path: Path; label: string; help: string; data: { value: string; label: string }[]; clearable?: boolean }) {
  return (
    <Select
      label={label}
      description={help}
      data={data}
      value={textValue(doc, path) || null}
      onChange={(v) => onChange(setAt(doc, path, v ?? undefined))}
      allowDeselect={clearable}
      clearable={clearable}
      error={errorAt(errors, path)}
    />
  );
}

function SwitchField({
  doc,
  onChange,
  errors,
  path,
  label,
  help,
}: Bound & { path: Path; label: string; help: string }) {
  return (
    <Switch
      label={label}
      description={help}
      checked={getAt(doc, path) === true}
      onChange={(e) => onChange(setAt(doc, path, e.currentTarget.checked))}
      error={errorAt(errors, path)}
    />
  );
}

function PracticeSection(props: Bound) {
  const { doc, onChange, errors } = props;
  return (
    <Stack>
      <TextInput
        label="Practice name"
        description="Shown as the title of the assessment and its printed report."
        value={textValue(doc, ['name'])}
        onChange={(e) => onChange(setAt(doc, ['name'], textAnswer(e.currentTarget.value)))}
        maxLength={200}
        error={errorAt(errors, ['name'])}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <SelectField
          {...props}
          path={['practice', 'specialty']}
          label="Kind of practice"
          help="Sets the typical number of patient records and what a day of downtime costs."
          data={[
            { value: 'medical', label: 'Medical' },
            { value: 'dental', label: 'Dental' },
            { value: 'other', label: 'Other' },
          ]}
        />
        <NumberField
          {...props}
          path={['practice', 'providers']}
          label="Providers"
          help="Doctors or dentists who see patients: downtime is priced per provider."
          min={1}
          required
        />
        <NumberField
          {...props}
          path={['practice', 'users']}
          label="Staff who use computers"
          help="Everyone who signs in, providers included: MSPs price per user."
          min={1}
          required
        />
        <NumberField
          {...props}
          path={['practice', 'locations']}
          label="Sites"
          help="Each site adds network gear and travel for on-site support."
          min={1}
          required
        />
        <NumberField
          {...props}
          path={['practice', 'endpoints']}
          label="Computers and devices (optional)"
          help="PCs, laptops and workstations; about 1.3 per user if left empty."
          min={1}
        />
        <NumberField
          {...props}
          path={['practice', 'servers']}
          label="Servers on site"
          help="Servers need patching, backup and monitoring; 0 if everything is in the cloud."
        />
      </SimpleGrid>
    </Stack>
  );
}

function PersonFields({ index, ...props }: Bound & { index: number }) {
  const { doc, onChange, errors } = props;
  const at = (...rest: (string | number)[]): Path => ['staff', index, ...rest];
  const skills = (getAt(doc, at('skills')) as string[] | undefined) ?? [];
  const name = textValue(doc, at('name'));
  const legend = name ? name : `Person ${index + 1}`;
  const remove = () => {
    const staff = (getAt(doc, ['staff']) as unknown[]).filter((_, i) => i !== index);
    onChange(setAt(doc, ['staff'], staff));
  };
  return (
    <Fieldset legend={legend} aria-label={legend}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Name (optional)"
            description="How a responsibility matrix drafted from the profile names them."
            value={name}
            onChange={(e) => onChange(setAt(doc, at('name'), textAnswer(e.currentTarget.value)))}
            maxLength={120}
            error={errorAt(errors, at('name'))}
          />
          <SelectField
            {...props}
            path={at('role')}
            label="Role"
            help="Sets the market salary used when you leave salary empty."
            data={ROLE_IDS.map((r) => ({ value: r, label: roleLabels[r] }))}
          />
          <NumberField
            {...props}
            path={at('salary')}
            label="Yearly salary (optional)"
            help="What they are paid today; the market median for the role if empty."
            min={1}
            money
          />
          <NumberField
            {...props}
            path={at('fte')}
            label="Share of full time"
            help="1 for full time, 0.5 for half; only time spent on IT counts."
            min={0.05}
            max={1}
            decimal
          />
        </SimpleGrid>
        <Checkbox.Group
          label="What they can do"
          description="Functions this person can do today: in-house is priced with them doing it."
          value={skills}
          onChange={(v) => onChange(setAt(doc, at('skills'), v))}
          error={errorAt(errors, at('skills'))}
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs" spacing="xs">
            {functionChoices.map((f) => (
              <Checkbox key={f.value} value={f.value} label={f.label} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group justify="space-between">
          <SwitchField
            {...props}
            path={at('canBeCovered')}
            label="Someone can cover when they are away"
            help="Without cover, their absence or departure leaves the work undone (a key-person risk)."
          />
          <Button variant="subtle" color="red" onClick={remove}>
            Remove {legend}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

function StaffSection(props: Bound) {
  const { doc, onChange, errors } = props;
  const staff = (getAt(doc, ['staff']) as unknown[] | undefined) ?? [];
  const add = () =>
    onChange(
      setAt(doc, ['staff'], [...staff, { role: 'help_desk', fte: 1, skills: ['help_desk_it'], canBeCovered: false }]),
    );
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Your own employees who do IT work, even part time. Leave this empty if an outside company does all of it.
      </Text>
      {errorAt(errors, ['staff']) && (
        <Text size="sm" c="red" role="alert">
          {errorAt(errors, ['staff'])}
        </Text>
      )}
      {staff.map((_, i) => (
        <PersonFields key={i} index={i} {...props} />
      ))}
      <Group>
        <Button variant="default" onClick={add}>
          Add a person
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField
          {...props}
          path={['technologyLeader', 'background']}
          label="Who leads technology decisions"
          help="Someone with IT background can manage in-house staff; otherwise management is priced in."
          data={[
            { value: 'none', label: 'Nobody in particular' },
            { value: 'practice_manager', label: 'The practice manager' },
            { value: 'infrastructure', label: 'An IT or infrastructure lead' },
            { value: 'software', label: 'A software or data lead' },
          ]}
          clearable
        />
        <NumberField
          {...props}
          path={['technologyLeader', 'hoursPerWeekManagingPeople']}
          label="Hours a week they could manage IT staff"
          help="In-house staff need managing; time that is not there is hired or bought."
          max={80}
        />
      </SimpleGrid>
    </Stack>
  );
}

function TodaySection(props: Bound) {
  const { doc, onChange, errors } = props;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField
          {...props}
          path={['current', 'model']}
          label="How IT is done today, in general"
          help="Today's arrangement is priced as it is, and every change is measured against it."
          data={currentChoices}
        />
        <NumberField
          {...props}
          path={['current', 'mspMonthlyCost']}
          label="Monthly MSP invoice (optional)"
          help="What the IT company bills each month, all services together: today's real cost."
          money
        />
      </SimpleGrid>
      <Table aria-label="Exceptions by function" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Function</Table.Th>
            <Table.Th scope="col">Done today</Table.Th>
            <Table.Th scope="col">Its monthly MSP fee, if billed apart</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {functionChoices.map((f) => {
            const path: Path = ['current', 'functions', f.value];
            return (
              <Table.Tr key={f.value}>
                <Table.Th scope="row" fw={400}>
                  {f.label}
                </Table.Th>
                <Table.Td>
                  <Select
                    aria-label={`${f.label}: done today`}
                    placeholder="As in general"
                    data={currentChoices}
                    value={textValue(doc, [...path, 'model']) || null}
                    onChange={(v) => onChange(setAt(doc, [...path, 'model'], v ?? undefined))}
                    clearable
                    error={errorAt(errors, [...path, 'model'])}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`${f.label}: monthly MSP fee`}
                    value={numberValue(doc, [...path, 'mspMonthlyCost'])}
                    onChange={(v) => onChange(setAt(doc, [...path, 'mspMonthlyCost'], numberAnswer(v)))}
                    min={0}
                    allowNegative={false}
                    thousandSeparator=","
                    prefix="$"
                    error={errorAt(errors, [...path, 'mspMonthlyCost'])}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

const insurerQuestions = [
  [
    'requires24x7Monitoring',
    '24/7 monitoring',
    'Round-the-clock watching needs a team or a service; one person cannot.',
  ],
  ['requiresMfa', 'Multi-factor sign-in (MFA)', 'Must be set up and kept working for every user.'],
  ['requiresEdr', 'Endpoint detection and response (EDR)', 'A security tool on every computer, watched by someone.'],
  ['requiresDocumentedCompliance', 'Documented HIPAA compliance', 'Written policies and a current risk analysis.'],
  ['requiresTestedBackups', 'Tested backups', 'Restores tried on a schedule, with evidence kept.'],
] as const;

function InsurerSection(props: Bound) {
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        What your cyber insurer requires. A requirement nobody can meet rules an option out.
      </Text>
      {insurerQuestions.map(([key, label, help]) => (
        <SwitchField key={key} {...props} path={['insurance', key]} label={label} help={help} />
      ))}
    </Stack>
  );
}

function GovernanceSection({ doc, onChange, errors }: Bound) {
  const flag = (key: string, label: string, help: string) => (
    <Switch
      label={label}
      description={help}
      checked={getAt(doc, ['governance', key]) === true}
      onChange={(e) => onChange(answerGovernance(doc, key, e.currentTarget.checked))}
      error={errorAt(errors, ['governance', key])}
    />
  );
  return (
    <Stack gap="sm">
      {flag('writtenPolicies', 'We have written IT and security policies', 'Without them, someone must write them.')}
      {flag(
        'documentedProcesses',
        'Our IT processes are written down',
        'Undocumented work is lost when a person leaves.',
      )}
      {flag(
        'governanceFramework',
        'We follow a governance framework',
        'Such as NIST CSF or HITRUST: it makes in-house IT safer to run.',
      )}
      <TextInput
        type="date"
        label="Date of the last HIPAA risk analysis (optional)"
        description="HIPAA requires one; an old or missing one raises the risk of a finding."
        value={textValue(doc, ['governance', 'lastRiskAnalysis'])}
        onChange={(e) => onChange(answerGovernance(doc, 'lastRiskAnalysis', textAnswer(e.currentTarget.value)))}
        error={errorAt(errors, ['governance', 'lastRiskAnalysis'])}
        w={280}
      />
    </Stack>
  );
}

function PlansSection(props: Bound) {
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField
          {...props}
          path={['needs', 'analytics']}
          label="Reporting and analytics"
          help="A data warehouse needs skills a small practice rarely has in-house."
          data={[
            { value: 'none', label: 'None' },
            { value: 'basic', label: 'The practice system’s own reports' },
            { value: 'warehouse', label: 'A data warehouse and dashboards' },
          ]}
          clearable
        />
        <SelectField
          {...props}
          path={['needs', 'softwareDevelopment']}
          label="Software development"
          help="Custom software means developers, in-house or contracted."
          data={[
            { value: 'none', label: 'None' },
            { value: 'integrations', label: 'Integrations between systems' },
            { value: 'custom', label: 'Custom applications' },
          ]}
          clearable
        />
        <SelectField
          {...props}
          path={['displacedStaff']}
          label="If work moves away from an employee"
          help="Redeployed staff keep their cost; leaving staff cost severance and a handover."
          data={[
            { value: 'redeploy', label: 'They move to other work' },
            { value: 'leave', label: 'They leave' },
          ]}
          clearable
        />
        <NumberField
          {...props}
          path={['horizonYears']}
          label="Years to plan for"
          help="One-time costs (hiring, switching providers) are spread over these years."
          min={1}
          max={10}
        />
      </SimpleGrid>
      <SwitchField
        {...props}
        path={['needs', 'cloudMigration']}
        label="We plan to move systems to the cloud"
        help="A migration is a project: it adds one-time work whoever does it."
      />
    </Stack>
  );
}

const sections = [
  { value: 'practice', title: 'Your practice', paths: ['name', 'practice'], Body: PracticeSection },
  { value: 'staff', title: 'IT staff', paths: ['staff', 'technologyLeader'], Body: StaffSection },
  { value: 'today', title: 'How IT is done today', paths: ['current'], Body: TodaySection },
  { value: 'insurance', title: 'Insurer requirements', paths: ['insurance'], Body: InsurerSection },
  { value: 'governance', title: 'Policies and governance', paths: ['governance'], Body: GovernanceSection },
  { value: 'plans', title: 'Plans', paths: ['needs', 'displacedStaff', 'horizonYears'], Body: PlansSection },
] as const;

/** The sections holding a field with a problem, so they are open when the problem is shown. */
export function sectionsWithErrors(errors: ProfileFieldErrors): string[] {
  const roots = Object.keys(errors).map((p) => p.split('.')[0]);
  return sections.filter((s) => s.paths.some((p) => roots.includes(p))).map((s) => s.value);
}

/**
 * The guided profile form: plain questions in sections, each writing its field of the profile
 * document (profile-draft.ts), each saying why it matters. Problems the server finds are shown
 * on their fields, and a section with a problem stays open.
 */
export function GuidedProfileForm({
  open,
  onOpenChange,
  ...props
}: Bound & { open: string[]; onOpenChange: (open: string[]) => void }) {
  const shown = [...new Set([...open, ...sectionsWithErrors(props.errors)])];
  return (
    <Accordion multiple value={shown} onChange={onOpenChange} variant="separated">
      {sections.map(({ value, title, Body }) => (
        <Accordion.Item key={value} value={value}>
          <Accordion.Control>{title}</Accordion.Control>
          <Accordion.Panel>
            <Body {...props} />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

export const allSections: string[] = sections.map((s) => s.value);
