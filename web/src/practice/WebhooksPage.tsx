import { usePractice } from './current-practice.ts';
import { WebhookManager } from './WebhookManager.tsx';
import { practiceWebhooks } from './webhooks-api.ts';

/** /practice/webhooks: where Tandem posts the practice's events, signed, with a delivery log. */
export function WebhooksPage() {
  const practice = usePractice();
  return (
    <WebhookManager
      scope={practiceWebhooks(practice.practiceId)}
      description={`Signed HTTP posts to other systems when something happens in ${practice.practiceName}.`}
    />
  );
}
