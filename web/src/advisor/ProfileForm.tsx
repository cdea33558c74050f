import {
  Button,
  FileButton,
  Group,
  Menu,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { apiDefaultIterations, apiDefaultSeed, apiMaxIterations } from '../../../src/advisor/schema.ts';
import { MAX_PROFILE_BYTES } from '../../../src/advisor/engine/profile/profile-text.ts';
import { ApiError } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { advisorApi, assessmentKey, assessmentsKey } from './advisor-api.ts';
import { exampleProfiles, type ExampleProfile } from './examples.ts';
import { allSections, GuidedProfileForm, type ProfileFieldErrors } from './GuidedProfileForm.tsx';
import { count } from './labels.ts';
import { ProblemList } from './ProblemList.tsx';
import { blankProfile, profileToYaml, yamlToProfile, type ProfileDoc } from './profile-draft.ts';
import { lineRange, parseProfileText, type ProfileProblem } from './profile-text.ts';

export interface ProfileDraft {
  text: string;
  name: string;
  /** Kept when running again with changes, so only the changes move the figures. */
  seed?: number;
  iterations?: number;
}

type View = 'guided' | 'yaml';

/** The profile-path part of the server's field errors ("profile.practice.users" -> "practice.users"). */
function profileFieldErrors(fields: Record<string, string>): ProfileFieldErrors {
  return Object.fromEntries(
    Object.entries(fields).flatMap(([path, message]) =>
      path.startsWith('profile.') ? [[path.slice('profile.'.length), message]] : [],
    ),
  );
}

/** The examples, read (YAML-parsed) only when the menu first opens: not while the page loads. */
function ExampleItems({ onLoad }: { onLoad: (example: ExampleProfile) => void }) {
  return exampleProfiles().map((example) => (
    <Menu.Item key={example.file} onClick={() => onLoad(example)}>
      <Text size="sm" fw={500}>
        {example.name}
      </Text>
      <Text size="xs" c="dimmed">
        {example.summary}
      </Text>
    </Menu.Item>
  ));
}

/**
 * The profile editor, two views of one profile: the guided form (plain questions, the default) and
 * "Advanced: edit as YAML" (type or paste YAML or JSON; checked as it changes, syntax with its line,
 * then the engine's own schema). Switching views carries every value across, fields the form does
 * not ask about included; YAML the form has not changed keeps its comments. An example or an
 * uploaded file fills both. "Run assessment" sends the profile of the view in use; anything the
 * server refuses is listed path by path and, in the form, shown on its field.
 */
export function ProfileForm({ practiceId, initial }: { practiceId: string; initial?: ProfileDraft }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const editor = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial?.text ?? '');
  const [view, setView] = useState<View>('guided');
  const [doc, setDoc] = useState<ProfileDoc>(() => {
    const read = initial ? yamlToProfile(initial.text) : null;
    return read?.ok ? read.doc : blankProfile();
  });
  /** The form's document as last read from (or printed to) the YAML, so unchanged YAML keeps its comments. */
  const [synced, setSynced] = useState<{ doc: ProfileDoc; text: string } | null>(() =>
    initial ? { doc, text: initial.text } : null,
  );
  const [open, setOpen] = useState<string[]>(allSections);
  const [viewNote, setViewNote] = useState<string | null>(null);
  const [name, setName] = useState(initial?.name ?? '');
  const [seed, setSeed] = useState<string | number>(initial?.seed ?? '');
  const [iterations, setIterations] = useState<string | number>(initial?.iterations ?? '');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const deferredText = useDeferredValue(text);
  const parsed = useMemo(() => parseProfileText(deferredText), [deferredText]);

  const run = useMutation({
    mutationFn: (body: Parameters<typeof advisorApi.run>[1]) => advisorApi.run(practiceId, body),
    onSuccess: async (stored) => {
      queryClient.setQueryData(assessmentKey(practiceId, stored.id), stored);
      await queryClient.invalidateQueries({ queryKey: assessmentsKey(practiceId), exact: true });
      await navigate(`/advisor/${stored.id}`);
    },
  });

  const edited = () => {
    if (run.isError) run.reset();
  };
  const changeText = (next: string) => {
    setText(next);
    edited();
  };
  const changeDoc = (next: ProfileDoc) => {
    setDoc(next);
    edited();
  };
  /** New text from outside (an example, a file): the form shows it too when it reads as a profile. */
  const loadText = (next: string) => {
    changeText(next);
    const read = yamlToProfile(next);
    if (read.ok) {
      setDoc(read.doc);
      setSynced({ doc: read.doc, text: next });
    } else setView('yaml');
  };

  const switchView = (next: View) => {
    if (next === view) return;
    if (next === 'yaml') {
      if (synced?.doc !== doc) {
        const printed = profileToYaml(doc);
        setText(printed);
        setSynced({ doc, text: printed });
      }
      setViewNote(null);
      setView('yaml');
      return;
    }
    const read = yamlToProfile(text);
    if (!read.ok) {
      setViewNote(`The form cannot show this profile: ${read.reason}.`);
      return;
    }
    setDoc(read.doc);
    setSynced({ doc: read.doc, text });
    setViewNote(null);
    setView('guided');
  };

  const goToLine = (line: number) => {
    const el = editor.current;
    if (!el) return;
    const [start, end] = lineRange(text, line);
    el.focus();
    el.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };

  const upload = async (file: File | null) => {
    if (!file) return;
    if (file.size > MAX_PROFILE_BYTES) {
      setFileNote(`${file.name} is larger than 1 MiB, the limit; a practice profile is a few kilobytes.`);
      return;
    }
    loadText(await file.text());
    setFileNote(`Loaded ${file.name}.`);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let profile: unknown = doc;
    if (view === 'yaml') {
      const now = parseProfileText(text).check;
      if (now.kind !== 'checked') return;
      profile = now.value;
    }
    run.mutate({
      profile,
      name: name.trim() || undefined,
      seed: seed === '' ? undefined : Number(seed),
      iterations: iterations === '' ? undefined : Number(iterations),
    });
  };

  const fields = fieldErrorsOf(run.error);
  const serverProblems: ProfileProblem[] | null =
    run.error instanceof ApiError && run.error.details.length > 0
      ? run.error.details.map((d) => ({
          path: d.path.replace(/^body\./, ''),
          message: d.message,
          line: view === 'yaml' ? parsed.lineOf(d.path) : null,
        }))
      : null;
  const check = parsed.check;
  const blocked = view === 'yaml' && (text.trim() === '' || check.kind === 'syntax');

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="New assessment" noValidate>
      <Stack>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Text fw={600}>New assessment</Text>
          <Group gap="xs">
            <Menu position="bottom-end" width={360} withinPortal>
              <Menu.Target>
                <Button variant="default">Load example</Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Example practices</Menu.Label>
                <ExampleItems
                  onLoad={(example) => {
                    loadText(example.text);
                    setFileNote(`Loaded the example ${example.file}.`);
                  }}
                />
              </Menu.Dropdown>
            </Menu>
            <FileButton onChange={(file) => void upload(file)} accept=".yaml,.yml,.json,application/json,text/yaml">
              {(props) => (
                <Button variant="default" {...props}>
                  Upload file
                </Button>
              )}
            </FileButton>
          </Group>
        </Group>
        <Tabs value={view} onChange={(v) => switchView(v === 'yaml' ? 'yaml' : 'guided')} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="guided">Guided form</Tabs.Tab>
            <Tabs.Tab value="yaml">Advanced: edit as YAML</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="guided" pt="md">
            <GuidedProfileForm
              doc={doc}
              onChange={changeDoc}
              errors={profileFieldErrors(fields)}
              open={open}
              onOpenChange={setOpen}
            />
          </Tabs.Panel>
          <Tabs.Panel value="yaml" pt="md">
            <Stack>
              <Textarea
                ref={editor}
                label="Practice profile (YAML or JSON)"
                description="Size, staff, today's arrangement, governance, insurance and needs. Unknown fields are errors, so a typo never falls back to a default."
                value={text}
                onChange={(e) => changeText(e.currentTarget.value)}
                autosize
                minRows={14}
                maxRows={28}
                spellCheck={false}
                autoCapitalize="off"
                autoCorrect="off"
                placeholder={
                  'practice:\n  providers: 4\n  users: 16\n  locations: 1\n  specialty: dental\ncurrent:\n  model: fully_managed'
                }
                styles={{
                  input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13, lineHeight: 1.45 },
                }}
                data-testid="profile-editor"
              />
              {!run.isError && check.kind === 'syntax' && (
                <ProblemList
                  title="This is not valid YAML or JSON"
                  problems={check.problems}
                  onGoToLine={goToLine}
                  testId="syntax-problems"
                />
              )}
              {!run.isError && check.kind === 'checked' && check.problems.length > 0 && (
                <ProblemList
                  title={`The profile has ${check.problems.length === 1 ? 'a problem' : `${check.problems.length} problems`}`}
                  intro="Checked in your browser with the same rules the server uses."
                  problems={check.problems}
                  color="orange"
                  onGoToLine={goToLine}
                  testId="profile-problems"
                />
              )}
              {check.kind === 'checked' && check.problems.length === 0 && (
                <Text size="sm" c="teal.8" role="status">
                  The profile passes every check.
                </Text>
              )}
            </Stack>
          </Tabs.Panel>
        </Tabs>
        {viewNote && (
          <Text size="sm" c="red" role="alert">
            {viewNote}
          </Text>
        )}
        {fileNote && (
          <Text size="xs" c="dimmed" role="status">
            {fileNote}
          </Text>
        )}
        {serverProblems ? (
          <ProblemList
            title={run.error instanceof Error ? run.error.message : 'The assessment was not run'}
            intro={`The server did not run the assessment. ${serverProblems.length === 1 ? 'One problem' : `${serverProblems.length} problems`}:`}
            problems={serverProblems}
            onGoToLine={goToLine}
            testId="server-problems"
          />
        ) : (
          <ErrorAlert error={run.error} title="The assessment was not run" />
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Name"
            description="Optional, to tell runs apart; defaults to the practice name"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              edited();
            }}
            maxLength={200}
            error={fields.name}
          />
          <NumberInput
            label="Seed"
            description={`The same seed gives the same figures; ${apiDefaultSeed} unless set (as on the command line)`}
            placeholder={String(apiDefaultSeed)}
            value={seed}
            onChange={(v) => {
              setSeed(v);
              edited();
            }}
            min={0}
            max={4_294_967_295}
            allowDecimal={false}
            allowNegative={false}
            error={fields.seed}
          />
          <NumberInput
            label="Iterations"
            description={`Monte Carlo draws; ${count(apiDefaultIterations)} unless set`}
            placeholder={count(apiDefaultIterations)}
            value={iterations}
            onChange={(v) => {
              setIterations(v);
              edited();
            }}
            min={1_000}
            max={apiMaxIterations}
            step={1_000}
            thousandSeparator=","
            allowDecimal={false}
            allowNegative={false}
            error={fields.iterations}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={run.isPending} disabled={blocked}>
            Run assessment
          </Button>
          {run.isPending && (
            <Text size="sm" c="dimmed" role="status">
              Running {count(iterations === '' ? apiDefaultIterations : Number(iterations))} simulations…
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
