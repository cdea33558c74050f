/**
 * A first draft of who does what for a function under its recommended option, from the
 * catalog's activities: the starting point the responsibility matrix refines with the people
 * involved. HIPAA keeps the practice accountable for the activities the catalog marks so,
 * whoever does the work; otherwise whoever does the work answers for it.
 */
import type { SplitRow } from '../assessment-schema.ts';
import type { Party, SourcingOption } from '../model/function-catalog.ts';
import type { FunctionModel } from '../model/model.ts';

type Doer = Exclude<Party, 'practice'>;

function responsibleFor(option: SourcingOption, coManaged: Doer): Doer {
  if (option === 'in_house') return 'internal_it';
  return option === 'co_managed' ? coManaged : 'msp';
}

export function draftSplit(fn: FunctionModel, option: SourcingOption, hasInternalIt: boolean): SplitRow[] {
  return fn.spec.activities.map((a) => {
    const responsible = responsibleFor(option, a.coManagedResponsible);
    const accountable: Party = a.practiceAccountable ? 'practice' : responsible;
    // The other side of a shared function is consulted; under full management, internal IT (if any) is kept in the loop.
    const other: Doer = responsible === 'msp' ? 'internal_it' : 'msp';
    const consulted: Party[] = option === 'co_managed' || (option === 'fully_managed' && hasInternalIt) ? [other] : [];
    const informed: Party[] = accountable === 'practice' ? [] : ['practice'];
    return { activity: a.id, name: a.name, responsible, accountable, consulted, informed };
  });
}
