"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { invitationCreateSchema, type MemberJson } from "@/lib/schemas/members";
import { errorMessage } from "@/lib/query/fetcher";
import { memberMutations } from "@/lib/query/mutations";
import { memberQueries } from "@/lib/query/queries";
import { useApiForm } from "@/lib/query/use-api-form";
import { useTenant, useViewer } from "../layout/viewer";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardBody, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { ConfirmDialog } from "../ui/dialog";
import { besideFieldClass, Field, FormError, Input, Select } from "../ui/field";
import { PageHeader } from "../ui/page-header";
import { RelativeTime } from "../ui/relative-time";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { Table, TBody, TD, TH, THead, TR } from "../ui/table";
import { useToast } from "../ui/toast";

const ROLES = [
  { value: "owner", label: "Owner", description: "Everything, including members" },
  { value: "member", label: "Member", description: "Endpoints, deliveries, keys" },
  { value: "viewer", label: "Viewer", description: "Read only" },
] as const;

function InviteForm() {
  const tenant = useTenant();
  const toast = useToast();
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const form = useApiForm({
    initial: { email: "", role: "member" as (typeof ROLES)[number]["value"] },
    schema: invitationCreateSchema,
    toBody: ({ email, role }) => ({ email: email.trim(), role }),
    mutation: memberMutations.invite(tenant.id),
    onSuccess: (result) => {
      form.reset({ role: form.values.role });
      setLink({ email: result.invitation.email, url: result.url });
      toast({ tone: "success", title: "Invitation created", description: "Send the link to your teammate: they join when they accept it." });
    },
  });
  return (
    <div className="space-y-4">
      <form noValidate className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-start" onSubmit={form.submit}>
        <Field label="Email" error={form.errors.email}>
          <Input type="email" {...form.input("email")} placeholder="teammate@example.com" autoComplete="off" />
        </Field>
        <Field label="Role" error={form.errors.role}>
          <Select value={form.values.role} onChange={(e) => form.set("role", e.target.value as typeof form.values.role)}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label} — {r.description}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="primary" loading={form.pending} className={besideFieldClass}>
          Invite
        </Button>
      </form>
      <FormError error={form.formError} />
      {link && (
        <div className="rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200" data-testid="invitation-link">
          <p className="text-sm text-emerald-900">
            Invitation link for <strong>{link.email}</strong> — shown once, valid for 7 days:
          </p>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-800 ring-1 ring-emerald-200">{link.url}</code>
            <CopyButton value={link.url} label="Copy link" />
          </div>
        </div>
      )}
    </div>
  );
}

const LAST_OWNER_HINT = "A tenant keeps at least one owner: make someone else an owner first.";

function MemberRow({ member, manage, lastOwner }: { member: MemberJson; manage: boolean; lastOwner: boolean }) {
  const tenant = useTenant();
  const viewer = useViewer();
  const toast = useToast();
  const [confirm, setConfirm] = useState(false);
  const [demoteTo, setDemoteTo] = useState<MemberJson["role"] | null>(null);
  const change = useMutation(memberMutations.changeRole(tenant.id, member.id));
  const remove = useMutation(memberMutations.remove(tenant.id, member.id));
  const roleChanged = {
    onSuccess: (m: MemberJson) => toast({ tone: "success", title: `${m.email} is now ${m.role === "owner" ? "an" : "a"} ${m.role}` }),
    onError: (err: Error) => toast({ tone: "error", title: "Could not change the role", description: errorMessage(err) }),
  };
  const self = member.userId === viewer.id;
  // Giving up your own owner role takes member management away from you: ask first.
  const pickRole = (role: MemberJson["role"]) => (self && member.role === "owner" && role !== "owner" ? setDemoteTo(role) : change.mutate({ role }, roleChanged));
  return (
    <TR>
      <TD>
        <p className="font-medium text-slate-900">
          {member.name || member.email}
          {self && (
            <Badge tone="blue" className="ml-2">
              you
            </Badge>
          )}
        </p>
        {member.name && <p className="text-xs text-slate-500">{member.email}</p>}
      </TD>
      <TD>
        {manage ? (
          <>
            <Select
              aria-label={`Role of ${member.email}`}
              value={member.role}
              disabled={change.isPending || lastOwner}
              title={lastOwner ? LAST_OWNER_HINT : undefined}
              aria-describedby={lastOwner ? `last-owner-${member.id}` : undefined}
              onChange={(e) => pickRole(e.target.value as MemberJson["role"])}
              className="h-9 w-auto min-w-[7.5rem]"
            >
              {ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
            {lastOwner && (
              <p id={`last-owner-${member.id}`} className="mt-1 text-xs text-slate-500">
                Last owner
              </p>
            )}
            <ConfirmDialog
              open={demoteTo !== null}
              onClose={() => setDemoteTo(null)}
              title={`Make yourself ${demoteTo === "viewer" ? "a viewer" : "a member"}?`}
              description="You will no longer be able to manage this tenant's members. Another owner can give the role back."
              confirmLabel="Change my role"
              onConfirm={async () => {
                await change.mutateAsync({ role: demoteTo! }, roleChanged);
              }}
            />
          </>
        ) : (
          <span className="capitalize">{member.role}</span>
        )}
      </TD>
      <TD className="hidden text-xs sm:table-cell">
        <RelativeTime value={member.createdAt} />
      </TD>
      {manage && (
        <TD className="text-right">
          <Button size="sm" variant="ghost" onClick={() => setConfirm(true)} disabled={lastOwner} title={lastOwner ? LAST_OWNER_HINT : undefined} aria-label={`Remove ${member.email}`}>
            Remove
          </Button>
          <ConfirmDialog
            open={confirm}
            onClose={() => setConfirm(false)}
            title={`Remove ${member.email}?`}
            description={self ? "You will lose access to this tenant." : "They lose access to this tenant at once."}
            confirmLabel="Remove member"
            onConfirm={() =>
              remove.mutateAsync(undefined, {
                onSuccess: () => toast({ tone: "success", title: `${member.email} removed` }),
                onError: (err) => toast({ tone: "error", title: "Could not remove the member", description: errorMessage(err) }),
              })
            }
          />
        </TD>
      )}
    </TR>
  );
}

function PendingInvitations() {
  const tenant = useTenant();
  const toast = useToast();
  const query = useQuery(memberQueries.invitations(tenant.id));
  const revoke = useMutation(memberMutations.revokeInvitation(tenant.id));
  const revokeInvitation = (id: string) =>
    revoke.mutate(id, {
      onSuccess: () => toast({ tone: "success", title: "Invitation revoked" }),
      onError: (err) => toast({ tone: "error", title: "Could not revoke", description: errorMessage(err) }),
    });
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.data.length === 0) return <p className="px-4 py-4 text-sm text-slate-500 sm:px-5">No pending invitations.</p>;
  return (
    <Table label="Pending invitations">
      <THead>
        <TR>
          <TH>Email</TH>
          <TH>Role</TH>
          <TH className="hidden sm:table-cell">Expires</TH>
          <TH className="text-right">
            <span className="sr-only">Actions</span>
          </TH>
        </TR>
      </THead>
      <TBody>
        {query.data.data.map((inv) => (
          <TR key={inv.id}>
            <TD className="font-medium text-slate-900">{inv.email}</TD>
            <TD className="capitalize">{inv.role}</TD>
            <TD className="hidden text-xs sm:table-cell">
              <RelativeTime value={inv.expiresAt} />
            </TD>
            <TD className="text-right">
              <Button size="sm" variant="ghost" onClick={() => revokeInvitation(inv.id)} loading={revoke.isPending && revoke.variables === inv.id} aria-label={`Revoke invitation for ${inv.email}`}>
                Revoke
              </Button>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

export function MembersPage() {
  const tenant = useTenant();
  const members = useQuery(memberQueries.members(tenant.id));
  const manage = tenant.canManageMembers;
  const owners = members.data?.data.filter((m) => m.role === "owner").length ?? 0;
  return (
    <>
      <PageHeader title="Members" description={`People who can open ${tenant.name} in the dashboard.`} />
      <div className="space-y-6">
        {manage && (
          <Card>
            <CardHeader title="Invite a teammate" description="They get a link to accept: new people sign up with it, people with an account sign in." />
            <CardBody>
              <InviteForm />
            </CardBody>
          </Card>
        )}
        <Card>
          <CardHeader title="Members" description={manage ? "A tenant always keeps at least one owner." : undefined} />
          {members.isPending ? (
            <LoadingState />
          ) : members.isError ? (
            <ErrorState error={members.error} onRetry={() => members.refetch()} />
          ) : members.data.data.length === 0 ? (
            <EmptyState title="No members yet" description={manage ? "Invite someone above. Operator admins can open every tenant without being members." : undefined} />
          ) : (
            <Table label="Members">
              <THead>
                <TR>
                  <TH>Person</TH>
                  <TH>Role</TH>
                  <TH className="hidden sm:table-cell">Since</TH>
                  {manage && (
                    <TH className="text-right">
                      <span className="sr-only">Actions</span>
                    </TH>
                  )}
                </TR>
              </THead>
              <TBody>
                {members.data.data.map((m) => (
                  <MemberRow key={m.id} member={m} manage={manage} lastOwner={m.role === "owner" && owners === 1} />
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        {manage && (
          <Card>
            <CardHeader title="Pending invitations" />
            <PendingInvitations />
          </Card>
        )}
      </div>
    </>
  );
}
