import Foundation

/// One of Braintree's searches a backfill runs over its window, and how each element it finds
/// becomes the notification its webhook carried (`bt_payload`: the notification XML, base64).
///
/// - transactions: sales of a subscription, charged, created in the window → each its
///   `subscription_charged_successfully`, the transaction inside its subscription, as Braintree
///   sends it;
/// - subscriptions: canceled or expired (all of them: Braintree searches subscriptions by
///   status, not by when it changed) → those whose status changed in the window, their
///   `subscription_canceled` / `subscription_expired`;
/// - disputes: lost, received in the window → each its `dispute_lost`.
///
/// Transactions and subscriptions are found in two steps, as Braintree's SDKs do: the ids
/// matching the criteria (`advanced_search_ids`), then the elements, 50 ids at a time
/// (`advanced_search`). Disputes come a page at a time (`disputes/advanced_search?page=N`).
struct BraintreeSearch: Sendable {
    enum Kind: Sendable { case transactions, subscriptions, disputes }

    let kind: Kind
    /// Braintree's most ids for one search: more, and some would be left out.
    static let maxIDs = 50_000
    static let batch = 50

    var eventTypes: [String] {
        switch kind {
        case .transactions: ["subscription_charged_successfully"]
        case .subscriptions: ["subscription_canceled", "subscription_expired"]
        case .disputes: ["dispute_lost"]
        }
    }

    var collection: String {
        switch kind {
        case .transactions: "transactions"
        case .subscriptions: "subscriptions"
        case .disputes: "disputes"
        }
    }

    /// The search's criteria for the window.
    func criteria(_ window: BackfillWindow) -> [XMLTree] {
        func items(_ values: [String]) -> [XMLTree] { values.map { XMLTree(name: "item", text: $0) } }
        switch kind {
        case .transactions:
            return [
                XMLTree(
                    name: "created-at",
                    children: [
                        XMLTree(name: "min", attributes: ["type": "datetime"], text: window.since.ISO8601Format()),
                        XMLTree(name: "max", attributes: ["type": "datetime"], text: window.until.ISO8601Format()),
                    ]),
                XMLTree(name: "type", text: "sale"),
                XMLTree(name: "status", attributes: ["type": "array"], children: items(BraintreeMapper.chargedStatuses.sorted())),
            ]
        case .subscriptions:
            return [XMLTree(name: "status", attributes: ["type": "array"], children: items(["Canceled", "Expired"]))]
        case .disputes:
            let lastDay = window.until.addingTimeInterval(-1)
            return [
                XMLTree(name: "status", attributes: ["type": "array"], children: items(["lost"])),
                XMLTree(
                    name: "received-date",
                    children: [
                        XMLTree(name: "min", attributes: ["type": "date"], text: window.since.formatted(.iso8601.year().month().day())),
                        XMLTree(name: "max", attributes: ["type": "date"], text: lastDay.formatted(.iso8601.year().month().day())),
                    ]),
            ]
        }
    }

    /// `<search>` with the criteria, and with `ids` when fetching them.
    func body(_ window: BackfillWindow, ids: [String]? = nil) -> [UInt8] {
        var children = criteria(window)
        if let ids { children.append(XMLTree(name: "ids", attributes: ["type": "array"], children: ids.map { XMLTree(name: "item", text: $0) })) }
        return XMLTree(name: "search", children: children).xml
    }

    /// The notifications the found elements make, of the asked types, within the window.
    func events(in results: XMLTree, window: BackfillWindow, asked: Set<String>) throws -> [ListedEvent] {
        let element = String(collection.dropLast())
        var events: [ListedEvent] = []
        for found in results.children where XMLTree.normalized(found.name) == element {
            guard let (kind, time) = try happened(found, window: window), asked.contains(kind) else { continue }
            events.append(Self.notification(kind, at: time, subject: subject(of: found)))
        }
        return events
    }

    /// What the element's notification is, and when: nil when it makes none in the window.
    func happened(_ element: XMLTree, window: BackfillWindow) throws -> (String, String)? {
        let id = element.child("id")?.text ?? "?"
        func time(_ text: String?, _ field: String) throws -> Date {
            guard let text, let time = PayloadTime.rfc3339(PayloadDateText.rfc3339(text)) else {
                throw PayloadError("Braintree's \(collection) search: \(id) has \(field) \(text?.debugDescription ?? "missing")")
            }
            return time.date
        }
        func inWindow(_ date: Date) -> Bool { date >= window.since && date < window.until }
        switch kind {
        case .transactions:
            guard let subscription = element.child("subscription-id")?.text, !subscription.isEmpty,
                element.child("type")?.text == "sale", BraintreeMapper.chargedStatuses.contains(element.child("status")?.text ?? "")
            else { return nil }
            let created = element.child("created-at")?.text
            guard inWindow(try time(created, "created-at")) else { return nil }
            return ("subscription_charged_successfully", created ?? "")
        case .subscriptions:
            // The latest change to Canceled or Expired in its status history.
            let changes = element.child("status-history")?.children.filter { ["Canceled", "Expired"].contains($0.child("status")?.text ?? "") } ?? []
            var latest: (String, String, Date)?
            for change in changes {
                let text = change.child("timestamp")?.text
                let at = try time(text, "status-history.timestamp")
                if latest.map({ at > $0.2 }) ?? true { latest = (change.child("status")?.text ?? "", text ?? "", at) }
            }
            guard let latest, inWindow(latest.2) else { return nil }
            return (latest.0 == "Expired" ? "subscription_expired" : "subscription_canceled", latest.1)
        case .disputes:
            guard element.child("status")?.text == "lost" else { return nil }
            let received = element.child("received-date")?.text
            guard inWindow(try time(received, "received-date")) else { return nil }
            let lost = element.child("status-history")?.children.last { $0.child("status")?.text == "lost" }?.child("timestamp")?.text
            return ("dispute_lost", lost ?? PayloadDateText.rfc3339(received ?? ""))
        }
    }

    /// The notification's subject: a transaction inside the subscription it charged (plan and
    /// billing period from the transaction), a subscription or a dispute as found.
    func subject(of element: XMLTree) -> XMLTree {
        guard kind == .transactions else { return element }
        var subscription = XMLTree(name: "subscription", children: [XMLTree(name: "id", text: element.child("subscription-id")?.text ?? "")])
        if let plan = element.child("plan-id") { subscription.children.append(plan) }
        for period in ["billing-period-start-date", "billing-period-end-date"] {
            if let date = element.child("subscription")?.child(period) { subscription.children.append(date) }
        }
        subscription.children.append(XMLTree(name: "transactions", attributes: ["type": "array"], children: [element]))
        return subscription
    }

    /// The form body Braintree POSTs: `bt_payload`, the notification's XML in base64 (no
    /// `bt_signature`: a stored event is never verified again).
    static func notification(_ kind: String, at timestamp: String, subject: XMLTree) -> ListedEvent {
        let notification = XMLTree(
            name: "notification",
            children: [
                XMLTree(name: "kind", text: kind), XMLTree(name: "timestamp", attributes: ["type": "datetime"], text: timestamp),
                XMLTree(name: "subject", children: [subject]),
            ])
        let payload = Data(notification.xml).base64EncodedString()
        return ListedEvent(
            body: Array("bt_payload=\(APIPath.encoded(payload))".utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"],
            reconstructed: true)
    }
}
