/// The console's pages as Mustache templates, compiled into the binary: no files to ship, no
/// JavaScript, no external assets. `{{x}}` is HTML-escaped; only the layout's `{{{content}}}`,
/// itself rendered from these templates, is not.
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "home": home, "events": events, "deliveries": deliveries, "event": event,
    ]

    static let layout = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · BillingBridge</title>
        <style>
        body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
        header{background:#1b2a41;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
        header a{color:#fff;text-decoration:none}header strong{margin-right:auto}
        main{padding:1rem;max-width:72rem;margin:auto}
        .card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:1rem;margin-bottom:1rem;overflow-x:auto}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eceef1;vertical-align:top}
        th{font-size:.8rem;text-transform:uppercase;color:#57606a}
        code,pre{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:.6rem;border-radius:6px}
        .s{display:inline-block;padding:0 .45rem;border-radius:9px;font-size:.8rem;background:#eceef1}
        .s-delivered,.s-mapped,.s-stored{background:#d7f5dd}.s-dead,.s-failed,.s-undecodable{background:#ffd8d3}
        .s-pending,.s-held,.s-waiting,.s-received{background:#fff1c2}.s-dry_run,.s-ignored{background:#e5e9f0}
        form.inline{display:inline}input,button,select{font:inherit;padding:.35rem .55rem;border:1px solid #c4c9d0;border-radius:6px}
        button{background:#1b2a41;color:#fff;border-color:#1b2a41;cursor:pointer}.note{color:#57606a}
        .flash{background:#e6f4ff;border:1px solid #9cd0ff;padding:.6rem 1rem;border-radius:8px;margin-bottom:1rem}
        .error{background:#fff0ee;border-color:#ffb4a8}
        </style></head><body>
        {{#signedIn}}<header><strong>BillingBridge</strong><a href="/admin">Summary</a><a href="/admin/events">Events</a>
        <a href="/admin/deliveries">Deliveries</a><a href="/admin/deliveries?status=dead">Dead letters</a>
        <form class="inline" method="post" action="/admin/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button>Sign out</button></form></header>{{/signedIn}}
        <main>{{#flash}}<div class="flash {{#isError}}error{{/isError}}">{{text}}</div>{{/flash}}
        {{{content}}}</main></body></html>
        """

    static let login = """
        <div class="card" style="max-width:26rem;margin:3rem auto"><h1>BillingBridge console</h1>
        <form method="post" action="/admin/login"><p><label for="token">Admin token (BRIDGE_ADMIN_TOKEN)</label><br>
        <input id="token" name="token" type="password" autocomplete="current-password" style="width:100%" autofocus></p>
        <button id="sign-in">Sign in</button></form></div>
        """

    static let home = """
        <div class="card"><form method="get" action="/admin/find"><label for="id">Find any id: invoice, charge, payment,
        customer, subscription, provider event, FirstPromoter event_id</label><br>
        <input id="id" name="id" style="width:min(28rem,100%)" placeholder="in_1Basil…"> <button id="find">Find</button></form></div>
        <div class="card"><h2>Outbox</h2>
        <p>Oldest pending call: <strong>{{oldestPending}}</strong> · held: <strong>{{held}}</strong> ·
        last delivered: <strong>{{lastDelivered}}</strong></p><p>Last failure: {{lastFailure}}</p>
        <table><tr><th>Provider</th><th>Action</th><th>Status</th><th>Count</th></tr>
        {{#counts}}<tr><td>{{provider}}</td><td>{{action}}</td><td><a class="s s-{{status}}" href="/admin/deliveries?status={{status}}&amp;provider={{provider}}">{{status}}</a></td><td>{{count}}</td></tr>{{/counts}}
        {{^counts}}<tr><td colspan="4" class="note">No delivery yet.</td></tr>{{/counts}}</table></div>
        <div class="card"><h2>Events</h2><p>{{#eventStates}}<a class="s s-{{state}}" href="/admin/events?state={{state}}">{{state}} {{count}}</a> {{/eventStates}}{{^eventStates}}None yet.{{/eventStates}}</p></div>
        <div class="card"><h2>Backfills and reconciles</h2>
        <table><tr><th>Provider</th><th>Kind</th><th>Last</th><th>Window</th><th>Events</th><th>Imported</th><th>State</th><th>Note</th></tr>
        {{#imports}}<tr><td>{{provider}}</td><td>{{kind}}</td><td>{{updated}}</td><td>{{window}}</td><td>{{events}}</td><td>{{imported}}</td><td>{{state}}</td><td class="note">{{note}}</td></tr>{{/imports}}
        {{^imports}}<tr><td colspan="8" class="note">None yet.</td></tr>{{/imports}}</table>
        <p>{{#reconcilable}}<form class="inline" method="post" action="/admin/reconcile/{{provider}}"><input type="hidden" name="csrf" value="{{csrf}}"><button id="reconcile-{{provider}}">Reconcile {{provider}} now</button></form> {{/reconcilable}}
        {{^reconcilable}}<span class="note">No provider can be reconciled: set its API key (STRIPE_API_KEY, CHARGEBEE_SITE and CHARGEBEE_API_KEY).</span>{{/reconcilable}}</p></div>
        """

    static let events = """
        <div class="card"><h1>{{heading}}</h1>
        <form method="get" action="/admin/events"><input name="q" value="{{q}}" placeholder="id, type or error">
        <select name="state"><option value="">any state</option>{{#states}}<option {{#selected}}selected{{/selected}}>{{name}}</option>{{/states}}</select>
        <button>Filter</button></form>
        <table><tr><th>Row</th><th>Received</th><th>Provider</th><th>Type</th><th>Event id</th><th>State</th><th>Note</th></tr>
        {{#items}}<tr><td><a href="/admin/events/{{row}}">{{row}}</a></td><td>{{received}}</td><td>{{provider}}</td><td>{{type}}</td>
        <td><a href="/admin/events/{{row}}"><code>{{eventID}}</code></a></td><td><span class="s s-{{state}}">{{state}}</span></td><td class="note">{{note}}</td></tr>{{/items}}
        {{^items}}<tr><td colspan="7" class="note">Nothing matches.</td></tr>{{/items}}</table>
        {{#next}}<p><a href="{{next}}">Older →</a></p>{{/next}}</div>
        """

    static let deliveries = """
        <div class="card"><h1>{{heading}}</h1>
        {{#showReplayDead}}<form method="post" action="/admin/deliveries/replay-dead"><input type="hidden" name="csrf" value="{{csrf}}">
        <button id="replay-all-dead">Replay every dead letter</button></form>{{/showReplayDead}}
        <table><tr><th>Id</th><th>Created</th><th>Status</th><th>Call</th><th>Amount</th><th>Tries</th><th>Event</th><th>Outcome</th><th></th></tr>
        {{#items}}<tr><td>{{id}}</td><td>{{created}}</td><td><span class="s s-{{status}}">{{status}}</span></td><td><code>{{call}}</code></td>
        <td>{{amount}}</td><td>{{attempts}}</td><td><a href="/admin/events/{{eventRow}}">{{event}}</a></td><td class="note">{{outcome}}</td>
        <td>{{#replayable}}<form class="inline" method="post" action="/admin/deliveries/{{id}}/replay"><input type="hidden" name="csrf" value="{{csrf}}">
        <button id="replay-{{id}}">Replay</button></form>{{/replayable}}</td></tr>{{/items}}
        {{^items}}<tr><td colspan="9" class="note">Nothing matches.</td></tr>{{/items}}</table>
        {{#next}}<p><a href="{{next}}">Older →</a></p>{{/next}}</div>
        """

    static let event = """
        <div class="card"><h1>{{provider}} {{type}} <code>{{eventID}}</code></h1>
        <p>Row {{row}} · received {{received}} · <span class="s s-{{state}}">{{state}}</span></p>{{#error}}<p class="note">{{error}}</p>{{/error}}
        <form class="inline" method="post" action="/admin/events/{{row}}/remap"><input type="hidden" name="csrf" value="{{csrf}}">
        <button id="remap">Map again through the current mapping file</button></form></div>
        {{#deliveries}}<div class="card" id="delivery-{{id}}"><h2>Delivery {{id}} <span class="s s-{{status}}">{{status}}</span></h2>
        <p><code>{{call}}</code></p>{{#outcome}}<p class="note">{{outcome}}</p>{{/outcome}}
        {{#replayable}}<form method="post" action="/admin/deliveries/{{id}}/replay"><input type="hidden" name="csrf" value="{{csrf}}">
        {{#delivered}}<label><input type="checkbox" name="force" value="true"> send again although delivered</label>{{/delivered}}
        <button id="replay-{{id}}">Replay</button></form>{{/replayable}}
        <table><tr><th>When</th><th>What</th><th>URL</th><th>HTTP</th><th>ms</th><th>Outcome</th></tr>
        {{#attempts}}<tr><td>{{at}}</td><td>{{kind}}</td><td><code>{{url}}</code></td><td>{{status}}</td><td>{{duration}}</td><td>{{outcome}}{{#response}}<pre>{{response}}</pre>{{/response}}</td></tr>{{/attempts}}
        {{^attempts}}<tr><td colspan="6" class="note">No attempt yet.</td></tr>{{/attempts}}</table></div>{{/deliveries}}
        {{^deliveries}}<div class="card note">No delivery yet.</div>{{/deliveries}}
        <div class="card"><h2>What came in</h2><details><summary>Headers kept</summary><pre>{{headers}}</pre></details>
        <details><summary>Body ({{bodyEncoding}})</summary><pre>{{body}}</pre></details></div>
        """
}
