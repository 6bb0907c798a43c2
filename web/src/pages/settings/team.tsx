import { zodResolver } from "@hookform/resolvers/zod";
import { MailPlus, Users } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { IfRole } from "@/components/guards";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useAuth } from "@/lib/auth-store";
import { emailSchema, reportError } from "@/lib/forms";
import {
  useChangeRole,
  useInvitations,
  useInvite,
  useMembers,
  useRemoveMember,
  useResendInvitation,
  useRevokeInvitation,
} from "@/lib/queries";
import { hasRole, ROLES, type Role } from "@/lib/types";
import { formatDate } from "@/lib/utils";

const inviteSchema = z.object({ email: emailSchema, role: z.enum(["admin", "member", "viewer"]) });

function InviteDialog() {
  const [open, setOpen] = useState(false);
  const invite = useInvite();
  const form = useForm<z.infer<typeof inviteSchema>>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: "", role: "member" },
  });
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await invite.mutateAsync(v);
      toast.success("Invitation sent", `${v.email} will receive an email with a link to join.`);
      form.reset();
      setOpen(false);
    } catch (e) {
      reportError(e, form.setError, "Could not send the invitation");
    }
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <MailPlus className="h-4 w-4" /> Invite member
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Invite a team member"
        description="They get an email with a link to join this organization."
      >
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <FormField label="Email" error={form.formState.errors.email}>
            <Input type="email" autoComplete="off" {...form.register("email")} />
          </FormField>
          <FormField label="Role" error={form.formState.errors.role}>
            <Select {...form.register("role")}>
              <option value="admin">Admin — manages the team, keys and settings</option>
              <option value="member">Member — works conversations and the CRM</option>
              <option value="viewer">Viewer — read-only</option>
            </Select>
          </FormField>
          <DialogFooter>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Send invitation
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function Members() {
  const { user, role } = useAuth();
  const members = useMembers();
  const changeRole = useChangeRole();
  const remove = useRemoveMember();
  const canEdit = hasRole(role, "admin");
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>Members</CardTitle>
          <CardDescription>Everyone with access to this organization.</CardDescription>
        </div>
        <IfRole min="admin">
          <InviteDialog />
        </IfRole>
      </CardHeader>
      <CardContent>
        {members.isPending ? (
          <TableSkeleton />
        ) : members.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {members.error.message}
          </p>
        ) : members.data.length === 0 ? (
          <EmptyState icon={Users} title="No members yet" />
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Role</TH>
                <TH className="hidden sm:table-cell">Joined</TH>
                {canEdit && <TH className="sr-only">Actions</TH>}
              </TR>
            </THead>
            <TBody>
              {members.data.map((m) => {
                const self = m.user.id === user?.id;
                // Only an owner may grant or touch the owner role.
                const editable = canEdit && !self && (role === "owner" || m.role !== "owner");
                return (
                  <TR key={m.user.id} data-testid="member-row">
                    <TD>
                      <div className="font-medium">
                        {m.user.name}
                        {self && <span className="text-muted-foreground"> (you)</span>}
                      </div>
                      <div className="text-xs text-muted-foreground">{m.user.email}</div>
                    </TD>
                    <TD>
                      {editable ? (
                        <Select
                          aria-label={`Role of ${m.user.name}`}
                          value={m.role}
                          disabled={changeRole.isPending}
                          onChange={async (e) => {
                            const next = e.target.value as Role;
                            try {
                              await changeRole.mutateAsync({ userId: m.user.id, role: next });
                              toast.success(`${m.user.name} is now ${next}`);
                            } catch (err) {
                              reportError(err, undefined, "Could not change the role");
                            }
                          }}
                        >
                          {ROLES.filter((r) => role === "owner" || r !== "owner").map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <Badge variant="secondary" className="capitalize">
                          {m.role}
                        </Badge>
                      )}
                    </TD>
                    <TD className="hidden text-muted-foreground sm:table-cell">
                      {formatDate(m.joined_at)}
                    </TD>
                    {canEdit && (
                      <TD className="text-right">
                        {editable && (
                          <ConfirmDialog
                            trigger={
                              <Button variant="ghost" size="sm" className="text-destructive">
                                Remove
                              </Button>
                            }
                            title={`Remove ${m.user.name}?`}
                            description="They lose access to this organization immediately. You can invite them again later."
                            confirmLabel="Remove member"
                            onConfirm={async () => {
                              try {
                                await remove.mutateAsync(m.user.id);
                                toast.success(`${m.user.name} was removed`);
                              } catch (e) {
                                reportError(e, undefined, "Could not remove the member");
                                throw e;
                              }
                            }}
                          />
                        )}
                      </TD>
                    )}
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

const statusVariant = {
  pending: "default",
  accepted: "success",
  revoked: "secondary",
  expired: "warning",
} as const;

function Invitations() {
  const invitations = useInvitations();
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  return (
    <Card>
      <CardHeader>
        <CardTitle>Invitations</CardTitle>
        <CardDescription>Pending invitations can be resent or revoked.</CardDescription>
      </CardHeader>
      <CardContent>
        {invitations.isPending ? (
          <TableSkeleton rows={2} />
        ) : invitations.isError ? (
          <p role="alert" className="text-sm text-destructive">
            {invitations.error.message}
          </p>
        ) : invitations.data.length === 0 ? (
          <EmptyState icon={MailPlus} title="No invitations yet">
            Invite your colleagues to work with you in Syntera.
          </EmptyState>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Email</TH>
                <TH>Role</TH>
                <TH>Status</TH>
                <TH className="hidden md:table-cell">Expires</TH>
                <TH className="sr-only">Actions</TH>
              </TR>
            </THead>
            <TBody>
              {invitations.data.map((inv) => (
                <TR key={inv.id} data-testid="invitation-row">
                  <TD className="font-medium">{inv.email}</TD>
                  <TD className="capitalize">{inv.role}</TD>
                  <TD>
                    <Badge variant={statusVariant[inv.status]} className="capitalize">
                      {inv.status}
                    </Badge>
                  </TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {formatDate(inv.expires_at)}
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    {inv.status === "pending" && (
                      <>
                        <Button
                          variant="ghost"
                          size="sm"
                          onClick={async () => {
                            try {
                              await resend.mutateAsync(inv.id);
                              toast.success("Invitation resent", inv.email);
                            } catch (e) {
                              reportError(e, undefined, "Could not resend");
                            }
                          }}
                        >
                          Resend
                        </Button>
                        <ConfirmDialog
                          trigger={
                            <Button variant="ghost" size="sm" className="text-destructive">
                              Revoke
                            </Button>
                          }
                          title="Revoke this invitation?"
                          description={`The link sent to ${inv.email} stops working.`}
                          confirmLabel="Revoke invitation"
                          onConfirm={async () => {
                            try {
                              await revoke.mutateAsync(inv.id);
                              toast.success("Invitation revoked");
                            } catch (e) {
                              reportError(e, undefined, "Could not revoke");
                              throw e;
                            }
                          }}
                        />
                      </>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

export default function Team() {
  return (
    <div className="grid gap-6">
      <Members />
      <IfRole min="admin">
        <Invitations />
      </IfRole>
    </div>
  );
}
