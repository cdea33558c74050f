import { WebhookManager } from '../practice/WebhookManager.tsx';
import { organizationWebhooks } from '../practice/webhooks-api.ts';

/**
 * /system/webhooks: the organisation's webhooks, for its administrators: each hears the chosen
 * events of every practice the organisation serves (the body's practiceId names which).
 */
export function OrganizationWebhooksPage() {
  return (
    <WebhookManager
      scope={organizationWebhooks}
      description="Signed HTTP posts to other systems when something happens in any practice your organisation serves. Practice administrators do not see these."
    />
  );
}
