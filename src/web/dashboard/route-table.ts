/** Every dashboard route, in one list: registration and the every-route-every-role test both read it. */
import type { DashboardDeps, DashboardRoute } from "./route.js";
import { accountRoutes } from "./routes/account-routes.js";
import { alertRuleSettingsRoutes } from "./routes/alert-rule-settings-routes.js";
import { analyticsRoutes } from "./routes/analytics-routes.js";
import { apiKeyRoutes } from "./routes/api-key-routes.js";
import { authRoutes } from "./routes/auth-routes.js";
import { brandingRoutes } from "./routes/branding-routes.js";
import { carrierSettingsRoutes } from "./routes/carrier-settings-routes.js";
import { outgoingSettingsRoutes } from "./routes/outgoing-settings-routes.js";
import { notificationSettingsRoutes } from "./routes/notification-settings-routes.js";
import { teamRoutes } from "./routes/team-routes.js";
import { queueRoutes } from "./routes/queue-routes.js";
import { screenRoutes } from "./routes/screen-routes.js";
import { orderRoutes } from "./routes/order-routes.js";
import { shipmentRoutes } from "./routes/shipment-routes.js";
import { shopsSettingsRoutes } from "./routes/shops-settings-routes.js";
import { webhookEndpointSettingsRoutes } from "./routes/webhook-endpoint-settings-routes.js";
import { returnsRoutes } from "./routes/returns-routes.js";
import { messagesRoutes } from "./routes/messages-routes.js";
import { auditTrailRoutes } from "./routes/audit-trail-routes.js";

export function dashboardRoutes(deps: DashboardDeps): DashboardRoute[] {
  return [
    ...authRoutes(deps),
    ...accountRoutes(deps),
    ...screenRoutes(deps),
    ...shipmentRoutes(deps),
    ...orderRoutes(deps),
    ...queueRoutes(deps),
    ...returnsRoutes(deps),
    ...messagesRoutes(deps),
    ...analyticsRoutes(deps),
    ...carrierSettingsRoutes(deps),
    ...webhookEndpointSettingsRoutes(deps),
    ...outgoingSettingsRoutes(deps),
    ...shopsSettingsRoutes(deps),
    ...notificationSettingsRoutes(deps),
    ...alertRuleSettingsRoutes(deps),
    ...brandingRoutes(deps),
    ...apiKeyRoutes(deps),
    ...teamRoutes(deps),
    ...auditTrailRoutes(deps),
  ];
}
