/// Chargebee: JSON events behind HTTP Basic authentication (Chargebee signs nothing, so the
/// credentials are its only check), one event per request, the event id in the body.
public enum ChargebeeProvider {
    public static let id: ProviderID = "chargebee"

    public static let definition: ProviderDefinition = {
        var definition = ProviderDefinition(
            id: id, schema: ChargebeeMapper.schema,
            credentials: [
                Credential("WEBHOOK_USERNAME", .value, requiredToMount: true, "the username of the webhook's basic authentication in Chargebee"),
                Credential(
                    "WEBHOOK_PASSWORD", .secretList, requiredToMount: true,
                    "its password (during a change, the old and the new, comma-separated); with the username unset or this unset, /webhooks/chargebee answers 404"),
                Credential("SITE", .value, "the site's name (acme for acme.chargebee.com), for `backfill chargebee` and reconcile"),
                Credential("API_KEY", .secret, "a read-only API key, for `backfill chargebee` and reconcile; never needed to serve"),
                Credential("API_URL", .url, "Chargebee's API origin (tests point it at a fake); unset: https://{CHARGEBEE_SITE}.chargebee.com"),
            ], testWebhook: ChargebeeTestWebhook.make
        ) { credentials in
            // Mounted only with both set; `map` builds it with neither and never verifies.
            OneEventProvider(
                id: id, accepts: [.json],
                verifier: BasicAuthVerifier(
                    username: credentials.value("WEBHOOK_USERNAME") ?? "", passwords: credentials.list("WEBHOOK_PASSWORD")),
                mapper: ChargebeeMapper())
        }
        definition.listing = { credentials in
            credentials.value("API_KEY").map {
                ChargebeeEventListing(site: credentials.value("SITE"), key: $0, baseURL: credentials.value("API_URL"))
            }
        }
        return definition
    }()
}
