"""Delegate groups keep who belonged when: `Delegate.group` becomes dated `GroupMembership` rows.

An existing delegate's group is carried over as a membership over the whole mandate.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_groups_to_memberships(apps, schema_editor):
    Delegate = apps.get_model("council", "Delegate")
    GroupMembership = apps.get_model("council", "GroupMembership")
    GroupMembership.objects.bulk_create([
        GroupMembership(group_id=d.group_id, delegate_id=d.pk, start=d.elected_on, end=d.left_on, is_sample=d.is_sample)
        for d in Delegate.objects.filter(group__isnull=False)
    ])


def copy_memberships_to_groups(apps, schema_editor):
    Delegate = apps.get_model("council", "Delegate")
    GroupMembership = apps.get_model("council", "GroupMembership")
    for m in GroupMembership.objects.order_by("start", "id"):
        Delegate.objects.filter(pk=m.delegate_id).update(group_id=m.group_id)


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0004_agenda_and_session_documents'),
    ]

    operations = [
        migrations.AddField(
            model_name='delegategroup',
            name='is_sample',
            field=models.BooleanField(default=False, verbose_name='dữ liệu mẫu'),
        ),
        migrations.CreateModel(
            name='GroupMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.DateField(verbose_name='từ ngày')),
                ('end', models.DateField(blank=True, null=True, verbose_name='đến ngày')),
                ('is_sample', models.BooleanField(default=False, verbose_name='dữ liệu mẫu')),
                ('delegate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='group_memberships', to='council.delegate')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='council.delegategroup')),
            ],
            options={
                'verbose_name': 'thành viên tổ đại biểu',
                'verbose_name_plural': 'thành viên các tổ đại biểu',
                'ordering': ['group_id', 'start', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('end__isnull', True), ('end__gte', models.F('start')), _connector='OR'), name='council_group_membership_dates'), models.UniqueConstraint(condition=models.Q(('end__isnull', True)), fields=('delegate',), name='council_one_current_group')],
            },
        ),
        migrations.RunPython(copy_groups_to_memberships, copy_memberships_to_groups),
        migrations.RemoveField(
            model_name='delegate',
            name='group',
        ),
    ]
