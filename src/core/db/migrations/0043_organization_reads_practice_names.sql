-- An organisation's webhook delivery log names the practice each event was about. Organisation
-- work (withOrganization) sees no practice rows otherwise, so it may now read, and only read, the
-- practices it serves: their name, specialty and time zone, nothing a practice keeps inside.
CREATE POLICY practices_organization_reads ON practices FOR SELECT TO tandem_app USING (organization_id = tandem_current_organization());
